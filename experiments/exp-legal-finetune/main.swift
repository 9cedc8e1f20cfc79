// exp-legal-finetune — the flagship: legal retrieval (InfoNCE, temperature τ, Matryoshka) mixed with a
// general-domain anchor (STS-B, CosineSimilarityLoss) as α·L_general + (1−α)·L_domain, on the Chinese-capable
// multilingual-e5-small (its "query: " / "passage: " prompts are applied by role).
// swift run -c release exp-legal-finetune --temperature 0.02,0.05,0.1 --alpha 0.3,0.5,0.7   (a 9-cell sweep)
import Workbench

struct Config: ExperimentConfig {
    var model = "models/multilingual-e5-small" // English-only alternative: --model models/all-MiniLM-L6-v2
    var temperature = 0.05                     // InfoNCE τ (scale = 1/τ)
    var alpha = 0.5                            // α·L_general + (1−α)·L_domain
    var dims = [384, 256, 128, 64]             // Matryoshka prefixes
    var epochs = 1
    var maxSteps = 50                          // 0: run the epochs; the default keeps a first run near 10 minutes
    var batchSize = 32
    var lr = 2e-5
    var warmupRatio = 0.1
    var evaluateEvery = 25                     // 0: evaluate only before and after training
    var maxSeqLength = 128
    var seed: UInt64 = 42
}

Experiment("legal-finetune", Config.self) { c in
    let domain = TrainingPlan.Term(try .legalZh(split: .train),
                                   MatryoshkaLoss(MultipleNegativesRankingLoss(temperature: c.temperature), dims: c.dims))
    let general = TrainingPlan.Term(try .stsb(split: .train), CosineSimilarityLoss())
    var plan = TrainingPlan(model: c.model, objective: .mix(alpha: c.alpha, general: general, domain: domain))
    plan.epochs = c.epochs
    plan.maxSteps = c.maxSteps > 0 ? c.maxSteps : nil
    plan.batchSize = c.batchSize
    plan.lr = c.lr
    plan.warmupRatio = c.warmupRatio
    plan.maxSeqLength = c.maxSeqLength
    plan.seed = c.seed
    // legal dev nDCG@10 (full width) picks the model kept; every metric is also reported per Matryoshka width (`…@256`)
    plan.evaluators = [MatryoshkaEvaluator(try InformationRetrievalEvaluator.legalZh(.dev), dims: c.dims),
                       MatryoshkaEvaluator(try EmbeddingSimilarityEvaluator.stsb(.dev), dims: c.dims)]
    plan.evaluateEvery = c.evaluateEvery
    // the test splits, zero-shot (step 0) and on the kept model (last step): the numbers to compare runs by
    plan.testEvaluators = [MatryoshkaEvaluator(try InformationRetrievalEvaluator.legalZh(.test), dims: c.dims),
                           MatryoshkaEvaluator(try EmbeddingSimilarityEvaluator.stsb(.test), dims: c.dims)]
    plan.summaryMetrics = ["test/legal-test/cosine_ndcg@10", "test/legal-test/cosine_recall@10", "test/stsb-test/spearman_cosine"]
    plan.datasetFiles = ["legal-zh/train.jsonl", "legal-zh/corpus.jsonl", "stsb/train.jsonl"].map { URL(fileURLWithPath: "datasets/\($0)") }
    return plan
}
