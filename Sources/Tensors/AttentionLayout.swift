/// The attention kernels' view of a `SequencePacking`: each sequence's first row and length, and where its
/// heads' probabilities start in the flat [Σ_b H·T_b²] buffer.
struct AttentionLayout {
    let starts: [Int]
    let lengths: [Int]
    /// First probability of each sequence (its heads follow one another, T_b² each).
    let probabilityStarts: [Int]
    /// Probabilities of the whole batch.
    let probabilities: Int

    init(_ packing: SequencePacking, heads: Int) {
        starts = packing.starts
        lengths = packing.lengths
        var next = 0, ps: [Int] = []
        for n in packing.lengths {
            ps.append(next)
            next += heads * n * n
        }
        probabilityStarts = ps
        probabilities = next
    }

    /// Runs `body` with the three arrays as C `size_t` pointers.
    func withPointers(_ body: (UncheckedSendable<UnsafePointer<Int>>, UncheckedSendable<UnsafePointer<Int>>,
                               UncheckedSendable<UnsafePointer<Int>>) -> Void) {
        starts.withUnsafeBufferPointer { s in
            lengths.withUnsafeBufferPointer { l in
                probabilityStarts.withUnsafeBufferPointer { p in
                    body(UncheckedSendable(s.baseAddress!), UncheckedSendable(l.baseAddress!), UncheckedSendable(p.baseAddress!))
                }
            }
        }
    }
}
