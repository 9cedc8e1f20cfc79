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
    var maxSteps: Int? = 50                    // none: run the epochs; the default keeps a first run near 10 minutes
    var batchSize = 32                         // the global batch (with --data-parallel, each of N ranks takes 32 / N)
    var gatherAcrossDevices = false            // with --data-parallel: InfoNCE negatives span every rank's shard
    var dropout = true                         // false: deterministic forward passes (to compare training layouts)
    var lr = 2e-5
    var warmupRatio = 0.1
    var evaluateEvery = 25                     // 0: evaluate only before and after training
    var maxSeqLength = 128
    var seed: UInt64 = 42
    var precision = MatmulPrecision.preferred  // bf16 where the CPU has AVX-512 BF16 (fp32 sums and weights), else fp32
}

Experiment("legal-finetune", Config.self) { c in
    let domain = TrainingPlan.Term(try .legalZh(split: .train),
                                   MatryoshkaLoss(MultipleNegativesRankingLoss(temperature: c.temperature, gatherAcrossDevices: c.gatherAcrossDevices),
                                                                  dims: c.dims))
    let general = TrainingPlan.Term(try .stsb(split: .train), CosineSimilarityLoss())
    var plan = TrainingPlan(model: c.model, objective: .mix(alpha: c.alpha, general: general, domain: domain))
    // dev picks the model kept (legal nDCG@10); test is evaluated zero-shot and on the kept model; every metric
    // is also reported per Matryoshka width (`…@256`)
    try plan.evaluate({ MatryoshkaEvaluator(try InformationRetrievalEvaluator.legalZh($0), dims: c.dims) },
                  summary: ["cosine_ndcg@10", "cosine_recall@10"])
    try plan.evaluate { MatryoshkaEvaluator(try EmbeddingSimilarityEvaluator.stsb($0), dims: c.dims) }
    return plan
}
