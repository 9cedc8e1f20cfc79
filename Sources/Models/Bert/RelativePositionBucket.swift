import Foundation

/// MPNet's relative position buckets: HF `MPNetEncoder.relative_position_bucket`, which T5 also uses.
///
/// A key at distance `j − i` from its query falls into one of `numBuckets` buckets: half of them for keys
/// before the query, half for keys at or after it; within a half, distances below `numBuckets / 4` each get
/// their own bucket and longer ones share log-spaced buckets up to `maxDistance`, beyond which all share the last.
///
/// ```swift
/// RelativePositionBucket.bucket(0)      // 0
/// RelativePositionBucket.bucket(-1)     // 17: one position before the query
/// RelativePositionBucket.bucket(500)    // 15: capped
/// ```
public enum RelativePositionBucket {
    /// The bucket count MPNet's attention uses: HF's `compute_position_bias` calls the bucket function with its
    /// default of 32, whatever `relative_attention_num_buckets` says.
    public static let mpnetBuckets = 32
    /// MPNet's `max_distance`.
    public static let mpnetMaxDistance = 128

    /// The bucket of `relativePosition` (memory − context, i.e. key index − query index).
    ///
    /// Computed in Float32 as PyTorch does (`log(n / max_exact) / log(max_distance / max_exact)`), so the
    /// log-spaced boundaries land where HF's do.
    public static func bucket(_ relativePosition: Int, numBuckets: Int = mpnetBuckets,
                              maxDistance: Int = mpnetMaxDistance) -> Int {
        let half = numBuckets / 2
        var n = -relativePosition
        let offset = n < 0 ? half : 0
        n = abs(n)
        let maxExact = half / 2
        guard n >= maxExact else { return offset + n }
        let scaled = log(Float(n) / Float(maxExact)) / Float(log(Double(maxDistance) / Double(maxExact)))
            * Float(half - maxExact)
        return offset + min(maxExact + Int(scaled), half - 1)
    }

    /// Buckets of every (query i, key j) pair of a length-T sequence, row-major → [T·T], as `Int32` ids.
    public static func table(length t: Int, numBuckets: Int = mpnetBuckets,
                             maxDistance: Int = mpnetMaxDistance) -> [Int32] {
        var ids = [Int32](repeating: 0, count: t * t)                                  // [T, T]
        for i in 0..<t {
            for j in 0..<t { ids[i * t + j] = Int32(bucket(j - i, numBuckets: numBuckets, maxDistance: maxDistance)) }
        }
        return ids
    }
}
