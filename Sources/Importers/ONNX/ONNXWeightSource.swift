import Models

/// Where one HuggingFace `BertModel` weight comes from in an ONNX graph: the initializer holding it and
/// whether it must be transposed (a `MatMul` weight is `[in, out]`; a HuggingFace `Linear` is `[out, in]`).
struct ONNXWeightSource: Equatable, Sendable {
    /// The HuggingFace name and shape (`encoder.layer.0.attention.self.query.weight`, [384, 384]).
    let target: WeightSpec
    /// The ONNX initializer (`model.0.auto_model.embeddings.LayerNorm.weight`, `onnx::MatMul_470`).
    let initializer: String
    /// Whether the initializer is `[in, out]` and is written transposed.
    let transposed: Bool
}
