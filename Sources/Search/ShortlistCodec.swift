/// Turns unit vectors into the shortlist representations of the index, and queries into what each is scored with.
///
/// Every shortlist starts from the first `dim` coordinates re-normalised to unit length (a Matryoshka
/// truncation); int8 and binary then code that prefix with a per-dimension calibration taken from the corpus.
enum ShortlistCodec {
    /// The first `dim` coordinates of each of `count` rows of width `width`, re-normalised.  → [count, dim]
    static func prefixes(_ rows: UnsafePointer<Float>, count: Int, width: Int, dim: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count * dim)
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<count { renormalizedPrefix(rows + i * width, dim: dim, into: o.baseAddress! + i * dim) }
        }
        return out
    }

    /// Writes the first `dim` values of `row` divided by their L2 norm (computed in Double; zeros stay zeros).
    static func renormalizedPrefix(_ row: UnsafePointer<Float>, dim: Int, into out: UnsafeMutablePointer<Float>) {
        var sum = 0.0
        for j in 0..<dim { sum += Double(row[j]) * Double(row[j]) }
        let scale = sum > 0 ? 1 / sum.squareRoot() : 0
        for j in 0..<dim { out[j] = Float(Double(row[j]) * scale) }
    }

    // MARK: int8 and int4

    /// The corpus minimum of each dimension and the width of one of `levels` steps up to its maximum.
    static func calibration(_ prefix: [Float], count: Int, dim: Int, levels: Int) -> (minimum: [Float], step: [Float]) {
        var lo = [Float](repeating: .infinity, count: dim), hi = [Float](repeating: -.infinity, count: dim)
        for i in 0..<count {
            for j in 0..<dim {
                let x = prefix[i * dim + j]
                lo[j] = min(lo[j], x)
                hi[j] = max(hi[j], x)
            }
        }
        let step = (0..<dim).map { j in hi[j] > lo[j] ? (hi[j] - lo[j]) / Float(levels) : 1 }
        return (lo, step)
    }

    /// One byte per coordinate: round((x − minimum) / step), clamped to 0…255.  → [count, dim]
    static func int8Codes(_ prefix: [Float], count: Int, dim: Int, minimum: [Float], step: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count * dim)
        for i in 0..<count {
            for j in 0..<dim { out[i * dim + j] = int8Code(prefix[i * dim + j], minimum: minimum[j], step: step[j]) }
        }
        return out
    }

    static func int8Code(_ x: Float, minimum: Float, step: Float, levels: Float = 255) -> UInt8 {
        UInt8(max(0, min(levels, ((x - minimum) / step).rounded())))
    }

    /// Half a byte per coordinate, round((x − minimum) / step) clamped to 0…15; coordinate 2b in the low nibble
    /// of byte b, 2b + 1 in the high one.  → [count, (dim + 1) / 2]
    static func int4Codes(_ prefix: [Float], count: Int, dim: Int, minimum: [Float], step: [Float]) -> [UInt8] {
        let bytes = (dim + 1) / 2
        var out = [UInt8](repeating: 0, count: count * bytes)
        for i in 0..<count {
            for j in 0..<dim {
                let c = int8Code(prefix[i * dim + j], minimum: minimum[j], step: step[j], levels: 15)
                out[i * bytes + j / 2] |= j % 2 == 0 ? c : c << 4
            }
        }
        return out
    }

    /// A query against int8 or int4 codes: Σ qⱼ(minⱼ + stepⱼ·cⱼ) = offset + Σ (qⱼ·stepⱼ)·cⱼ, with the weights qⱼ·stepⱼ
    /// rounded to int8 at `scale` so the codes are scored by integer dot products: score ≈ offset + dot / scale.
    static func integerQuery(_ prefix: UnsafePointer<Float>, dim: Int, minimum: [Float], step: [Float])
        -> (weights: [Int8], scale: Double, offset: Double) {
        var offset = 0.0, largest = 0.0
        for j in 0..<dim {
            offset += Double(prefix[j]) * Double(minimum[j])
            largest = max(largest, abs(Double(prefix[j]) * Double(step[j])))
        }
        let scale = largest > 0 ? 127 / largest : 1
        let weights = (0..<dim).map { j in Int8(max(-127, min(127, (Double(prefix[j]) * Double(step[j]) * scale).rounded()))) }
        return (weights, scale, offset)
    }

    // MARK: binary

    /// The median of each dimension over the corpus (mean of the two middle values for an even count).
    static func binaryThresholds(_ prefix: [Float], count: Int, dim: Int) -> [Float] {
        var column = [Float](repeating: 0, count: count)
        return (0..<dim).map { j in
            for i in 0..<count { column[i] = prefix[i * dim + j] }
            column.sort()
            return Float((Double(column[(count - 1) / 2]) + Double(column[count / 2])) / 2)
        }
    }

    /// Words of 64 bits per row of `dim` bits.
    static func words(dim: Int) -> Int { (dim + 63) / 64 }

    /// Bit j of a row (word j / 64, bit j % 64) is set where coordinate j exceeds its threshold.  → [count, words]
    static func binaryCodes(_ prefix: UnsafePointer<Float>, count: Int, dim: Int, threshold: [Float]) -> [UInt64] {
        let w = words(dim: dim)
        var out = [UInt64](repeating: 0, count: count * w)
        for i in 0..<count {
            for j in 0..<dim where prefix[i * dim + j] > threshold[j] { out[i * w + j / 64] |= 1 << UInt64(j % 64) }
        }
        return out
    }
}
