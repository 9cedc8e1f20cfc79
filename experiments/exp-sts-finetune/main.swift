// exp-sts-finetune — all-MiniLM-L6-v2 on STS-B with CosineSimilarityLoss, as sentence-transformers' own recipe.
// swift run -c release exp-sts-finetune [--epochs 4 --batch-size 16 --lr 2e-5 …]   (--help lists every option)
// swift run -c release exp-sts-finetune --model models/all-MiniLM-L6-v2,models/multilingual-e5-small --max-steps 0
//   evaluates both models as two runs (`workbench compare --experiment sts-finetune` tabulates them)
import Workbench

struct Config: ExperimentConfig {
    var model = "models/all-MiniLM-L6-v2"
    var epochs = 4
    var maxSteps: Int? = nil         // none: run the epochs; 0: evaluate only
    var batchSize = 16               // the global batch: with --data-parallel under mpirun -np N, each rank takes batchSize / N
    var gradientAccumulation = 1     // batches summed into one optimizer step
    var lr = 2e-5
    var warmupRatio = 0.1
    var weightDecay = 0.01
    var evaluateEvery = 360          // optimizer steps (one epoch of STS-B at batch 16)
    var maxSeqLength = 256
    var seed: UInt64 = 42
    var precision = MatmulPrecision.preferred  // bf16 where the CPU has AVX-512 BF16 (fp32 sums and weights), else fp32
}

Experiment("sts-finetune", Config.self) { c in
    var plan = TrainingPlan(model: c.model, objective: .single(.init(try .stsb(split: .train), CosineSimilarityLoss())))
    // dev Spearman picks the model kept; test is tracked beside it at every evaluation, as sentence-transformers' recipe
    try plan.evaluate({ try EmbeddingSimilarityEvaluator.stsb($0) }, select: [.dev, .test], heldOut: [])
    return plan
}
