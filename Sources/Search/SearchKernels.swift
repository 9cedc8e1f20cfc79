import CSearchKernels

/// Swift entry points to the C scoring kernels (`CSearchKernels`): one query against rows [0, count).
enum SearchKernels {
    /// out[i] = rows[i] · query, float32 rows of width `dim`.
    static func dots(_ rows: UnsafePointer<Float>, count: Int, dim: Int, query: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        wbs_dot_f32(rows, count, Int32(dim), query, out)
    }

    /// out[i] = Σ codes[i][j] · query[j] in int32 (AVX-512 VNNI where present; `portable` forces the plain loop).
    static func int8Dots(_ codes: UnsafePointer<UInt8>, count: Int, dim: Int, query: UnsafePointer<Int8>,
                         into out: UnsafeMutablePointer<Int32>, portable: Bool = false) {
        if portable { wbs_dot_u8s8_portable(codes, count, Int32(dim), query, out) } else { wbs_dot_u8s8(codes, count, Int32(dim), query, out) }
    }

    /// out[i] = Σ code_j(i) · query[j] over 4-bit codes packed two per byte (AVX-512 VNNI where present).
    static func int4Dots(_ codes: UnsafePointer<UInt8>, count: Int, dim: Int, query: UnsafePointer<Int8>,
                         into out: UnsafeMutablePointer<Int32>, portable: Bool = false) {
        if portable { wbs_dot_u4s8_portable(codes, count, Int32(dim), query, out) } else { wbs_dot_u4s8(codes, count, Int32(dim), query, out) }
    }

    /// out[i] = popcount(codes[i] XOR query) over `words` 64-bit words (AVX-512 VPOPCNTDQ where present).
    static func hamming(_ codes: UnsafePointer<UInt64>, count: Int, words: Int, query: UnsafePointer<UInt64>,
                        into out: UnsafeMutablePointer<UInt16>, portable: Bool = false) {
        if portable { wbs_hamming_portable(codes, count, Int32(words), query, out) } else { wbs_hamming(codes, count, Int32(words), query, out) }
    }

    /// Exact (Double, fixed summation order) dot products of the rows at `positions` with `query`.
    static func rescore(_ vectors: UnsafePointer<Float>, dim: Int, positions: [Int], query: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: positions.count)
        let p = positions.map(Int64.init)
        wbs_rescore(vectors, Int32(dim), p, positions.count, query, &out)
        return out
    }

    /// The accelerated paths this CPU takes, for benchmark reports: e.g. "int8: AVX-512 VNNI, binary: AVX-512 VPOPCNTDQ".
    static var description: String {
        let f = wbs_features()
        return "int8/int4: " + (f & 1 != 0 ? "AVX-512 VNNI" : "portable") + ", binary: "
            + (f & 2 != 0 ? "AVX-512 VPOPCNTDQ" : f & 4 != 0 ? "POPCNT" : "portable")
    }
}
