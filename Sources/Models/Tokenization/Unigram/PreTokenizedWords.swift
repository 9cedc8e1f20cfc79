/// Words made by the pre-tokenizers: UTF-8 byte ranges in one shared buffer (reused across texts).
struct PreTokenizedWords {
    /// UTF-8 bytes of all words, back to back.
    var bytes: [UInt8] = []
    /// Start offset of each word in `bytes`.
    var starts: [Int] = []
    /// End offset (exclusive) of each word in `bytes`.
    var ends: [Int] = []
    /// Where each word begins in the normalized text, -1 once a pre-tokenizer has rewritten it.
    var sources: [Int] = []
    /// Whether each word begins at the very start of the original text (HuggingFace's
    /// `offsets_original().0 == 0`, which the `first` prepend scheme of `Metaspace` asks).
    var atTextStart: [Bool] = []

    /// The number of words.
    var count: Int { starts.count }

    /// Forgets every word, keeping the storage.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        sources.removeAll(keepingCapacity: true)
        atTextStart.removeAll(keepingCapacity: true)
    }

    /// Adds the word `bytes[start..<end]` unless it is empty (HuggingFace drops empty splits).
    @inline(__always)
    mutating func addWord(_ start: Int, _ end: Int, source: Int, atTextStart: Bool) {
        guard end > start else { return }
        starts.append(start)
        ends.append(end)
        sources.append(source)
        self.atTextStart.append(atTextStart)
    }

    /// Adds `word` (normalized text from offset `source`) as one word, if not empty.
    mutating func append(_ word: UnsafeBufferPointer<UInt8>, source: Int, atTextStart: Bool) {
        let start = bytes.count
        bytes.append(contentsOf: word)
        addWord(start, bytes.count, source: source, atTextStart: atTextStart)
    }
}
