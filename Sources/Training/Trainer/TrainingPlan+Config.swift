import Foundation
import Tensors

extension TrainingPlan {
    /// The plan's options an experiment config may set by naming a field after one (`lr`, `batchSize`,
    /// `maxSteps` …); every field is optional, and fields with other names are ignored.
    struct Options: Decodable {
        var model: String?
        var epochs: Int?
        var maxSteps: Int?
        var batchSize: Int?
        var lr: Double?
        var warmupRatio: Double?
        var weightDecay: Double?
        var maxGradNorm: Double?
        var gradientAccumulation: Int?
        var seed: UInt64?
        var maxSeqLength: Int?
        var evaluateEvery: Int?
        var evaluateBeforeTraining: Bool?
        var modelPrompts: Bool?
        var lazyEmbeddings: Bool?
        var precision: MatmulPrecision?
        var dropout: Bool?
    }

    /// Sets every option that `config` has a field for, by name (`lr` → `lr`, `maxSteps` → `maxSteps`); a field
    /// left nil keeps the plan's value. Experiments call nothing: the runner applies the config to the plan
    /// their closure returns, so config fields never need copying by hand.
    ///
    /// - Throws: `TrainerError.invalidOption` when a field named like an option has another type.
    public mutating func apply<Config: Encodable>(_ config: Config) throws {
        let options: Options
        do {
            options = try JSONDecoder().decode(Options.self, from: JSONEncoder().encode(config))
        } catch DecodingError.typeMismatch(let type, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw TrainerError.invalidOption(name: "config field \(field)", value: "of another type", expected: "\(type)")
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.last?.stringValue == "precision" {
            throw TrainerError.invalidOption(name: "config field precision", value: "not a precision",
                                             expected: MatmulPrecision.allCases.map(\.rawValue).joined(separator: " or "))
        }
        if let v = options.model { model = v }
        if let v = options.epochs { epochs = v }
        if let v = options.maxSteps { maxSteps = v }
        if let v = options.batchSize { batchSize = v }
        if let v = options.lr { lr = v }
        if let v = options.warmupRatio { warmupRatio = v }
        if let v = options.weightDecay { weightDecay = v }
        if let v = options.maxGradNorm { maxGradNorm = v }
        if let v = options.gradientAccumulation { gradientAccumulation = v }
        if let v = options.seed { seed = v }
        if let v = options.maxSeqLength { maxSeqLength = v }
        if let v = options.evaluateEvery { evaluateEvery = v }
        if let v = options.evaluateBeforeTraining { evaluateBeforeTraining = v }
        if let v = options.modelPrompts { modelPrompts = v }
        if let v = options.lazyEmbeddings { lazyEmbeddings = v }
        if let v = options.precision { precision = v }
        if let v = options.dropout { dropout = v }
    }
}
