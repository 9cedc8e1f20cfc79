import Models
import Foundation

/// What an ONNX import wrote: the folder, the encoder it read and how its weights were found.
public struct ONNXImportSummary: Sendable {
    /// The model folder.
    public var folder: URL
    /// The encoder's configuration, read off the graph (now `config.json`).
    public var config: BertConfig
    /// Weights written to `model.safetensors`.
    public var tensors: Int
    /// Of those, `MatMul` weights transposed from `[in, out]` to `[out, in]`.
    public var transposedTensors: Int
    /// Whether the pipeline ends in an L2 normalisation (a `Normalize` module is listed).
    public var normalize: Bool
    /// The default-domain opset of the graph.
    public var opset: Int64?
    /// sha256 of the `.onnx` file.
    public var sourceSHA256: String
    /// The HuggingFace model the file exports, when its sha256 is a known one.
    public var upstream: String?
}
