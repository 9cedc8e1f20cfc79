import Foundation
import Tensors

/// A sentence-transformers pipeline read from a model folder: tokenizer → BERT → pooling → (dense …) → (normalize).
///
/// ```swift
/// let model = try SentenceTransformer(folder: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let embeddings = try model.encode(["A man is playing a guitar.", "Someone plays music."]) // [2, 384]
/// ```
public final class SentenceTransformer {
    /// The folder's description (modules, pooling, prompts).
    public let folder: SentenceTransformerFolder
    /// The folder's tokenizer: WordPiece (BERT, MiniLM) or Unigram (XLM-R, multilingual-e5).
    public let tokenizer: any TextTokenizer
    public let model: BertModel
    public let pooling: Pooling
    /// `Dense` modules after pooling (a PCA projection of a width-reduced student), in pipeline order.
    public private(set) var dense: [DenseModule]
    /// Whether sentence vectors are L2-normalised (a `Normalize` module is listed).
    public var normalize: Bool
    /// Inputs are truncated to this many tokens (`max_seq_length`).
    public var maxSeqLength: Int

    /// Loads every part of the folder; errors name the file at fault.
    public convenience init(folder url: URL) throws {
        try self.init(try SentenceTransformerFolder(url: url))
    }

    /// Loads the tokenizer and weights of a folder already read (its modules and configs checked).
    public init(_ folder: SentenceTransformerFolder) throws {
        try BLAS.load()
        self.folder = folder
        tokenizer = try AutoTokenizer.load(folder: folder.transformerURL)
        model = try BertModel(checkpoint: folder.loadCheckpoint())
        pooling = Pooling(mode: folder.pooling.mode)
        dense = try folder.dense.map { config throws(CheckpointError) in try DenseModule(config) }
        normalize = folder.normalize
        maxSeqLength = min(folder.maxSeqLength, folder.config.maxSequenceLength)
    }

    /// Dimension of the sentence vectors: the last `Dense` module's output, else the hidden size.
    public var dimension: Int { dense.last?.config.outFeatures ?? model.config.hiddenSize }

    /// Every trainable weight: the encoder's under its HF names, each `Dense` module's as `<folder>.linear.weight`.
    public var namedParameters: [(String, Tensor)] {
        model.namedParameters + dense.flatMap { module in
            module.namedParameters.map { (module.config.url.lastPathComponent + "." + $0.0, $0.1) }
        }
    }

    /// Makes every weight a trainable leaf (gradients are kept for them).
    public func requireGradients() {
        model.requireGradients()
        for i in dense.indices { dense[i].requireGradients() }
    }

    /// Pooled sentence vectors [B, H] through the `Dense` modules → [B, D].
    private func project(_ pooled: Tensor) -> Tensor {
        dense.reduce(pooled) { x, module in module(x) }
    }

    /// Tokenizes `texts` (with `prompt` in front of each) into one padded batch.
    public func tokenize(_ texts: [String], prompt: String? = nil) -> TokenBatch {
        tokenizer.encodeBatch(prompt.map { p in texts.map { p + $0 } } ?? texts, maxLength: maxSeqLength)
    }

    /// Sentence vectors of a tokenized batch → [B, D]; differentiable, with dropout when `training`.
    public func callAsFunction(_ batch: TokenBatch, training: Bool = false, seed: UInt64 = 0) throws -> Tensor {
        let mask = batch.maskTensor                                                   // [B, T]
        let pooled = project(pooling(try model(batch, training: training, seed: seed), mask: mask)) // [B, D]
        return normalize ? pooled.l2Normalized() : pooled
    }

    /// Sentence vectors of `texts` → [N, D], in the order given.
    ///
    /// Texts are tokenized first and sorted by token count (longest first), so each batch is padded
    /// only to its own longest text; `progress(done, total)` is called after each batch.
    public func encode(
        _ texts: [String], batchSize: Int = 32, prompt: String? = nil, normalize: Bool? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Tensor {
        let d = dimension
        let out = Tensor(shape: [texts.count, d])                                     // [N, D]
        let ids = tokenizer.encodeAll(prompt.map { p in texts.map { p + $0 } } ?? texts, maxLength: maxSeqLength)
        let order = ids.indices.sorted { ids[$0].count != ids[$1].count ? ids[$0].count > ids[$1].count : $0 < $1 }
        let normalizeOutput = normalize ?? self.normalize
        try GradMode.withoutGradients {
            var done = 0
            for start in stride(from: 0, to: order.count, by: max(batchSize, 1)) {
                let rows = Array(order[start..<min(start + batchSize, order.count)])
                let batch = tokenizer.batch(rows.map { ids[$0] })
                var vectors = project(pooling(try model(batch), mask: batch.maskTensor)) // [b, D]
                if normalizeOutput { vectors = vectors.l2Normalized() }
                for (i, row) in rows.enumerated() {
                    (out.mutableData + row * d).update(from: vectors.data + i * d, count: d)
                }
                done += rows.count
                progress?(done, texts.count)
            }
        }
        return out
    }
}
