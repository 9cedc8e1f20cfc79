import Tensors

/// The embeddings an encode closure returned for some texts, checked to be [texts, D] and finite.
struct EncodedTexts {
    /// The embeddings, detached from any gradient history. [N, D]
    let tensor: Tensor
    /// Number of texts (rows).
    let count: Int
    /// Width of each embedding.
    let dimension: Int

    /// Encodes `texts` with `prompt`; `role` and `ids` name the texts in errors.
    init(
        texts: [String], prompt: String?, role: String, ids: [String]? = nil,
        encode: (_ texts: [String], _ prompt: String?) throws -> Tensor
    ) throws {
        let t = try encode(texts, prompt)
        guard t.rank == 2, t.shape[0] == texts.count, t.shape[1] > 0 else {
            throw EvaluatorError.embeddingShape(role: role, texts: texts.count, shape: t.shape)
        }
        count = t.shape[0]
        dimension = t.shape[1]
        let data = t.data
        for r in 0..<count {
            let row = data + r * dimension
            for i in 0..<dimension where !row[i].isFinite {
                throw EvaluatorError.nonFiniteEmbedding(role: role, row: r, id: ids?[r])
            }
        }
        tensor = t.detached()
    }

    /// The L2 norm of every embedding, in Double. [N]
    func norms() -> [Double] {
        (0..<count).map { i in
            let r = row(i)
            var sum = 0.0
            for t in 0..<dimension { sum += Double(r[t]) * Double(r[t]) }
            return sum.squareRoot()
        }
    }

    /// The embedding of text `i`.
    func row(_ i: Int) -> UnsafePointer<Float> { tensor.data + i * dimension }
}
