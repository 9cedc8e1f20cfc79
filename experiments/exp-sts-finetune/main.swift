// exp-sts-finetune — all-MiniLM-L6-v2 on STS-B with CosineSimilarityLoss, as sentence-transformers' own recipe.
// swift run -c release exp-sts-finetune [--epochs 4 --batch-size 16 --lr 2e-5 …]   (--help lists every option)
import Workbench

struct Config: ExperimentConfig {
    var model = "models/all-MiniLM-L6-v2"
    var epochs = 4
    var maxSteps = 0                 // 0: run the epochs
    var batchSize = 16
    var lr = 2e-5
    var warmupRatio = 0.1
    var weightDecay = 0.01
    var evaluateEvery = 360          // optimizer steps (one epoch of STS-B at batch 16)
    var maxSeqLength = 256
    var seed: UInt64 = 42
}

Experiment("sts-finetune", Config.self) { c in
    var plan = TrainingPlan(model: c.model, objective: .single(.init(try .stsb(split: .train), CosineSimilarityLoss())))
    plan.epochs = c.epochs
    plan.maxSteps = c.maxSteps > 0 ? c.maxSteps : nil
    plan.batchSize = c.batchSize
    plan.lr = c.lr
    plan.warmupRatio = c.warmupRatio
    plan.weightDecay = c.weightDecay
    plan.maxSeqLength = c.maxSeqLength
    plan.seed = c.seed
    plan.evaluators = [try EmbeddingSimilarityEvaluator.stsb(.dev), try EmbeddingSimilarityEvaluator.stsb(.test)]   // the first (dev Spearman) picks the best model
    plan.evaluateEvery = c.evaluateEvery
    plan.datasetFiles = ["train", "dev", "test"].map { URL(fileURLWithPath: "datasets/stsb/\($0).jsonl") }
    return plan
}
