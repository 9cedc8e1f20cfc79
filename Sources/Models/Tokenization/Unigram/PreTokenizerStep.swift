/// One step of a `tokenizer.json` pre-tokenizer (a `Sequence` is flattened into its steps).
enum PreTokenizerStep: Sendable {
    /// HuggingFace's `Metaspace`: spaces become `replacement`, which may be put in front of each word
    /// and before which words are split.
    case metaspace(replacement: [UInt8], prepend: PrependScheme, split: Bool)
    /// HuggingFace's `WhitespaceSplit`: words split at (and without) Unicode whitespace.
    case whitespaceSplit

    /// When `Metaspace` puts its replacement in front of a word (that does not already start with it).
    enum PrependScheme: String, Sendable {
        /// Every word.
        case always
        /// Only a word at the very start of the original text.
        case first
        /// Never.
        case never
    }

    /// Splits every word of `words` into `out` (which is emptied first).
    func apply(_ words: PreTokenizedWords, into out: inout PreTokenizedWords, textStart: TextStart) {
        out.removeAll()
        words.bytes.withUnsafeBufferPointer { bytes in
            for w in 0..<words.count {
                let word = UnsafeBufferPointer(rebasing: bytes[words.starts[w]..<words.ends[w]])
                switch self {
                case .metaspace(let replacement, let prepend, let split):
                    Self.metaspace(word, atTextStart: words.atTextStart[w], replacement: replacement,
                                   prepend: prepend, split: split, into: &out)
                case .whitespaceSplit:
                    Self.whitespaceSplit(word, source: words.sources[w], atTextStart: words.atTextStart[w],
                                         textStart: textStart, into: &out)
                }
            }
        }
    }

    private static func metaspace(_ word: UnsafeBufferPointer<UInt8>, atTextStart: Bool, replacement: [UInt8],
                                  prepend: PrependScheme, split: Bool, into out: inout PreTokenizedWords) {
        guard !word.isEmpty else { return }
        let start = out.bytes.count
        // The word starts with the replacement once its spaces are replaced.
        let startsWithReplacement = word[0] == 0x20 || replacement.withUnsafeBufferPointer { UTF8Text.hasPrefix(word, at: 0, $0) }
        if !startsWithReplacement && (prepend == .always || (prepend == .first && atTextStart)) {
            out.bytes.append(contentsOf: replacement)
        }
        for b in word {
            if b == 0x20 { out.bytes.append(contentsOf: replacement) } else { out.bytes.append(b) }
        }
        let end = out.bytes.count
        guard split else {
            out.addWord(start, end, source: -1, atTextStart: atTextStart)
            return
        }
        // Split before every replacement (HuggingFace's MergedWithNext).
        let first = replacement[0], width = replacement.count
        var pieceStart = start
        var i = start + 1
        while i < end {
            if out.bytes[i] == first && i + width <= end && (1..<width).allSatisfy({ out.bytes[i + $0] == replacement[$0] }) {
                out.addWord(pieceStart, i, source: -1, atTextStart: atTextStart && pieceStart == start)
                pieceStart = i
                i += width
            } else {
                i += 1
            }
        }
        out.addWord(pieceStart, end, source: -1, atTextStart: atTextStart && pieceStart == start)
    }

    private static func whitespaceSplit(_ word: UnsafeBufferPointer<UInt8>, source: Int, atTextStart: Bool,
                                        textStart: TextStart, into out: inout PreTokenizedWords) {
        var i = 0
        var wordStart = 0   // in `word`
        let base = out.bytes.count
        func close(_ end: Int) {
            guard end > wordStart else { return }
            let subSource = source >= 0 ? source + wordStart : -1
            let flag = source >= 0 ? textStart.isStart(subSource) : atTextStart && wordStart == 0
            out.addWord(base + wordStart, base + end, source: subSource, atTextStart: flag)
        }
        out.bytes.append(contentsOf: word)
        while i < word.count {
            let (value, length) = UTF8Text.decode(word, at: i)
            if TextNormalizer.isWhitespace(value) {
                close(i)
                wordStart = i + length
            }
            i += length
        }
        close(word.count)
    }
}
