// exp-distill — a smaller, faster student that imitates a teacher's embeddings on unlabelled texts (STS-B sentences,
// the legal corpus and train queries, or your own text files); the teacher encodes each text once, through the cache.
// swift run -c release exp-distill --student L6,L3 --objective mse,kl                  (a 4-cell sweep)
// swift run -c release exp-distill --teacher models/all-mpnet-base-v2 --student model:models/all-MiniLM-L6-v2 --data stsb --evaluate stsb --table stsb
// ends with the seed's table 5.2: teacher and students (and --compare models) on legal-zh and STS-B, quality kept
// (kept % on the first --table suite) and encode speed against the teacher (all timed at the students' --max-seq-length), peak memory (runs/distill-table/<id>/leaderboard.*; --table none skips it)
import Workbench

struct Config: ExperimentConfig {
    var teacher = "models/multilingual-e5-small"
    var student = "L6"                  // L<k>: k teacher layers (sentence-transformers' choice) · L0.4.8 · model:<folder>
    var width: Int? = nil               // a narrower student: a Dense module initialised by PCA of the teacher's embeddings
    var objective = "mse"               // mse | cosine | l2 (EmbedDistillLoss) · relative · kl (in-batch similarity KL)
    var temperature = 0.05              // kl's τ
    var data = ["stsb", "legal-zh"]     // unlabelled texts: stsb, legal-zh, or text files (one text per line)
    var epochs = 1
    var maxSteps: Int? = 300
    var batchSize = 32
    var lr = 1e-4
    var maxSeqLength = 128
    var evaluate = ["legal-zh", "stsb"] // dev evaluations while training (legal-zh retrieval, stsb); the first keeps the best student
    var evaluateEvery = 100
    var seed: UInt64 = 42
    var precision = MatmulPrecision.preferred  // bf16 where the CPU has AVX-512 BF16 (fp32 sums and weights), else fp32
}

Experiment("distill", Config.self, flags: [("--compare SPECS", "models beside the teacher and students in the final table"),
                                          ("--table SUITES", "the table's suites, the first ranking and giving quality kept (default legal-zh,stsb; none: no table)")]) { c in
    let teacher = try ModelSpec.load(c.teacher)
    var student = try StudentRecipe(c.student).build(from: c.teacher)
    let texts = try PairDataset.distillationTexts(c.data.map(PairDataset.DistillationSource.init))
    var data = try TeacherEmbeddings.adding(to: texts, teacher: teacher, store: EmbeddingStore.fromEnvironment())
    var target = "teacher"
    if let width = c.width { (student, data, target) = try PCAStudent.build(student: student, width: width, data: data) }
    let loss = try DistillationObjective.loss(c.objective, student: try ModelSpec.dimension(of: student),
                                             teacher: data.vectorColumn(target)!.width, temperature: c.temperature, seed: c.seed)
    var plan = TrainingPlan(model: student, objective: .single(.init(data, loss, vectorColumn: target)))
    for suite in c.evaluate {                                              // dev keeps the best student; test is reported
        switch suite {
        case "legal-zh": try plan.evaluate { try InformationRetrievalEvaluator.legalZh($0) }
        case "stsb": try plan.evaluate { try EmbeddingSimilarityEvaluator.stsb($0) }
        default: throw ConfigError.badValue(flag: "--evaluate", value: suite, expected: "legal-zh or stsb")
        }
    }
    return plan
} then: { cells, root, flags in
    // the seed's table 5.2: teacher, students and --compare models on the suites, speed and memory measured here
    let suites = (flags["--table"] ?? "legal-zh,stsb").split(separator: ",").map(String.init)
    guard suites != ["none"] else { return }
    for teacher in Set(cells.map(\.config.teacher)).sorted() {
        let mine = cells.filter { $0.config.teacher == teacher }
        let students = mine.map(\.run.folder.path)
        let tokens = mine.map(\.config.maxSeqLength).max()           // teacher and students timed on the same inputs
        let compare = flags["--compare"].map { $0.split(separator: ",").map(String.init) } ?? []
        try ModelSelection<Config>.run(name: "distill-table", config: ["teacher": .string(teacher)],
                                       plan: SelectionPlan(candidates: [teacher] + compare + students, suites: suites,
                                                          requirements: .init(rankBy: suites[0]), baseline: teacher),
                                       root: root, measure: { try EncodeProbe.inThisExecutable(spec: $0, maxLength: tokens) })
    }
}
