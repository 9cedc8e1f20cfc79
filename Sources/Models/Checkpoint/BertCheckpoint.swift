/// A safetensors file checked against a ``BertConfig``: every weight present, float, and of the right shape.
///
/// Checkpoints name weights either bare (`embeddings.word_embeddings.weight`, as all-MiniLM-L6-v2
/// does) or under a prefix (`bert.`, `roberta.`, `mpnet.`, `model.`) when saved from a model with a task head. The
/// prefix is found once here; callers then ask for weights by their bare HuggingFace names.
///
/// ```swift
/// let checkpoint = try BertCheckpoint(file: SafeTensorsFile(url: weightsURL), config: config)
/// let query = try checkpoint.floats("encoder.layer.0.attention.self.query.weight")   // [H, H]
/// ```
public struct BertCheckpoint: Sendable {
    /// The prefixes tried, in order, in front of the bare weight names.
    public static let knownPrefixes = ["", "bert.", "roberta.", "mpnet.", "model."]

    /// The checked file.
    public let file: SafeTensorsFile
    /// The configuration it was checked against.
    public let config: BertConfig
    /// The prefix in front of every weight name in this file (`""` or one of ``knownPrefixes``).
    public let prefix: String
    /// Whether the file has `pooler.dense.weight` and `pooler.dense.bias` (checked too when present).
    public let hasPooler: Bool

    /// Checks `file` against `config`.
    ///
    /// Extra tensors (such as the `embeddings.position_ids` buffer or masked-LM heads) are allowed
    /// and listed in ``unusedNames``.
    ///
    /// - Throws: ``CheckpointError/missingWeight(path:tensor:expectedShape:)``,
    ///   ``CheckpointError/weightShapeMismatch(path:tensor:expected:actual:)`` or
    ///   ``CheckpointError/unsupportedDType(path:tensor:dtype:supported:)``, naming the file and the tensor.
    public init(file: SafeTensorsFile, config: BertConfig) throws(CheckpointError) {
        let expected = config.expectedWeights()
        guard let prefix = Self.resolvePrefix(in: file) else {
            let first = expected[0]
            throw .missingWeight(path: file.path, tensor: first.name, expectedShape: first.shape)
        }
        let poolerSpecs = BertConfig.poolerWeights(hiddenSize: config.hiddenSize)
        let hasPooler = poolerSpecs.contains { file.contains(prefix + $0.name) }
        for spec in expected + (hasPooler ? poolerSpecs : []) {
            try Self.check(spec, prefix: prefix, in: file)
        }
        self.file = file
        self.config = config
        self.prefix = prefix
        self.hasPooler = hasPooler
    }

    /// The first of ``knownPrefixes`` under which `file` has `embeddings.word_embeddings.weight`, or nil.
    public static func resolvePrefix(in file: SafeTensorsFile) -> String? {
        knownPrefixes.first { file.contains($0 + "embeddings.word_embeddings.weight") }
    }

    /// The name of weight `name` (a bare HuggingFace name) in this file.
    public func key(_ name: String) -> String {
        prefix + name
    }

    /// The values of weight `name` (a bare HuggingFace name) as Float32, row-major.
    public func floats(_ name: String) throws(CheckpointError) -> [Float] {
        try file.floats(key(name))
    }

    /// The shape of weight `name` (a bare HuggingFace name), or nil if absent.
    public func shape(_ name: String) -> [Int]? {
        file.info(key(name))?.shape
    }

    /// Tensors in the file that the encoder does not read (buffers, task heads), sorted.
    public var unusedNames: [String] {
        let used = Set((config.expectedWeights(includePooler: hasPooler)).map { prefix + $0.name })
        return file.names.filter { !used.contains($0) }
    }

    private static func check(_ spec: WeightSpec, prefix: String, in file: SafeTensorsFile) throws(CheckpointError) {
        let name = prefix + spec.name
        guard let info = file.info(name) else {
            throw .missingWeight(path: file.path, tensor: name, expectedShape: spec.shape)
        }
        guard info.shape == spec.shape else {
            throw .weightShapeMismatch(path: file.path, tensor: name, expected: spec.shape, actual: info.shape)
        }
        guard info.dtype.isReadableAsFloat else {
            throw .unsupportedDType(
                path: file.path, tensor: name, dtype: info.dtype.rawValue,
                supported: SafeTensorsFile.DType.floatReadable.map(\.rawValue))
        }
    }
}
