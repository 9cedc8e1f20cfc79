/// Records which input character each output character of a normalizer step is aligned with, as
/// HuggingFace's `NormalizedString::transform` aligns them, so the original position of every
/// normalized character is known.
///
/// Only the `first` prepend scheme of `Metaspace` needs it (it asks whether a word begins at the
/// original text's start), so the tokenizer records only then. HuggingFace's rules, quirks included:
/// a character that replaces input takes the position of the next input character not yet consumed;
/// an inserted one takes that of the last consumed input character (the start if none).
struct AlignmentRecorder {
    /// For each output scalar, the input scalar it is aligned with (-1: the text's start). // [output scalars]
    private var sources: [Int32] = []
    /// Input scalars consumed so far (HuggingFace's running offset).
    private var consumed = 0

    /// The number of output scalars recorded.
    var count: Int { sources.count }

    /// Forgets everything recorded.
    mutating func reset() {
        sources.removeAll(keepingCapacity: true)
        consumed = 0
    }

    /// `n` input scalars are removed before the next output scalar.
    mutating func skip(_ n: Int) { consumed += n }

    /// One output scalar consuming `n` input scalars (0: inserted).
    mutating func emit(consuming n: Int) {
        sources.append(Int32(n > 0 ? consumed : consumed - 1))
        consumed += n
    }

    /// One output scalar aligned with input scalar `index` (consuming nothing).
    mutating func emit(source index: Int) {
        sources.append(Int32(index))
    }

    /// `p` output scalars replacing `m` input scalars, as HuggingFace's `Precompiled` records a
    /// replacement: the first `min(p, m)` consume one each, the last of them also consumes the excess
    /// input, extra outputs are inserted; with `p == 0` the input is removed — except before any
    /// output, where HuggingFace drops it without consuming it (so the next output takes its position).
    mutating func replace(_ m: Int, with p: Int) {
        guard p > 0 else {
            if !sources.isEmpty { skip(m) }
            return
        }
        for j in 0..<p {
            if j >= m { emit(consuming: 0) } else if j == p - 1 { emit(consuming: 1 + max(0, m - p)) } else { emit(consuming: 1) }
        }
    }

    /// The original positions of the output scalars, given those of the input scalars
    /// (`input[i]` for input scalar `i`); nil if the record does not fit the input.
    func apply(to input: [Int32]) -> [Int32]? {
        var out = [Int32]()
        out.reserveCapacity(sources.count)
        for s in sources {
            if s < 0 {
                out.append(0)
            } else {
                guard Int(s) < input.count else { return nil }
                out.append(input[Int(s)])
            }
        }
        return out
    }
}
