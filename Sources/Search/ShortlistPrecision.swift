/// How a shortlist representation stores each coordinate of a (truncated, re-normalised) vector.
///
/// - `float32`: the coordinates themselves (4 bytes each); scored by dot product.
/// - `int8`: one unsigned byte per coordinate, bucketed between the corpus's minimum and maximum of that
///   dimension (sentence-transformers' `quantize_embeddings(precision="uint8")` ranges, rounded instead of
///   floored); scored asymmetrically, the float query against the codes, by int8 dot products.
/// - `int4`: half a byte per coordinate (two per byte, the even one in the low nibble), 15 steps between the
///   corpus's minimum and maximum of each dimension; scored like int8 (the codes' integer dot products with the
///   query's int8 weights), so a 384-d model's codes take 1/8 of its float32 vectors.
/// - `binary`: one bit per coordinate, set where it exceeds the corpus median of its dimension; scored by
///   Hamming distance (fewer differing bits rank first).
public enum ShortlistPrecision: String, Codable, CaseIterable, Sendable, Comparable {
    case float32, int8, int4, binary

    /// Bytes one row of `dim` coordinates takes (binary rows are padded to whole 64-bit words).
    public func rowBytes(dim: Int) -> Int {
        switch self {
        case .float32: 4 * dim
        case .int8: dim
        case .int4: (dim + 1) / 2
        case .binary: 8 * ((dim + 63) / 64)
        }
    }

    /// Steps between a dimension's minimum and maximum for the integer precisions (nil for float32 and binary).
    public var levels: Int? {
        switch self {
        case .int8: 255
        case .int4: 15
        case .float32, .binary: nil
        }
    }

    /// The name `--quantize` uses: none, int8, int4, binary.
    public var quantizeName: String { self == .float32 ? "none" : rawValue }

    /// The precision `--quantize` names (none, int8, int4, binary; float32 too).
    public init?(quantizeName: String) {
        if quantizeName == "none" { self = .float32 } else { self.init(rawValue: quantizeName) }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}
