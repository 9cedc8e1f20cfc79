/// The Unigram language model of SentencePiece: each word is cut into the pieces of highest total score.
///
/// This is HuggingFace's `Unigram::encode_optimized` and `tokenize`: a Viterbi pass over the word's
/// UTF-8 bytes where, at each character, every piece that starts there (a trie common-prefix search,
/// shortest first) may improve the best path ending where it ends (strictly greater wins); a character
/// with no one-character piece is an unknown node scored `min score − 10`. Consecutive unknown nodes
/// are fused into one string (`fuse_unk`), which becomes the piece equal to it if there is one, else
/// its `<0xXX>` byte pieces (`byte_fallback`, only when all exist), else the unknown id.
struct UnigramModel: Sendable {
    /// Piece strings by id. // [V]
    let pieces: [String]
    /// Piece scores (log probabilities) by id. // [V]
    let scores: [Double]
    /// The id of the unknown piece.
    let unknownId: Int32
    /// Score of an unknown character: the lowest piece score minus 10.
    let unknownScore: Double
    /// Whether unknown text becomes `<0xXX>` byte pieces.
    let byteFallback: Bool
    /// The `<0xXX>` piece of each byte, -1 where missing. // [256]
    private let byteIds: [Int32]
    private let trie: PieceTrie

    /// Why a vocabulary cannot make a model.
    enum Problem: Error {
        case empty
        case unknownIdOutOfRange(Int)
    }

    /// A model of `vocabulary` (piece, score), piece *i* having id *i*.
    init(vocabulary: [(piece: String, score: Double)], unknownId: Int, byteFallback: Bool) throws(Problem) {
        guard !vocabulary.isEmpty else { throw .empty }
        guard unknownId >= 0 && unknownId < vocabulary.count else { throw .unknownIdOutOfRange(unknownId) }
        pieces = vocabulary.map(\.piece)
        scores = vocabulary.map(\.score)
        self.unknownId = Int32(unknownId)
        unknownScore = (scores.min() ?? 0) - 10
        self.byteFallback = byteFallback
        trie = PieceTrie(pieces: pieces.map { Array($0.utf8) })
        var bytes = [Int32](repeating: -1, count: 256)
        if byteFallback {
            let hex = Array("0123456789ABCDEF")
            for b in 0..<256 {
                let name = "<0x\(hex[b >> 4])\(hex[b & 15])>"
                bytes[b] = trie.id(of: name) ?? -1
            }
        }
        byteIds = bytes
    }

    /// The id of the piece equal to `piece`, if any (the last one, if the vocabulary repeats it).
    func id(of piece: String) -> Int32? { trie.id(of: piece) }

    /// Buffers reused from one word to the next.
    struct Scratch {
        var bestScore: [Double] = []
        var bestStart: [Int32] = []
        var bestId: [Int32] = []
        /// The best path's nodes from the end: start offset and id.
        var pathStarts: [Int32] = []
        var pathIds: [Int32] = []

        /// Makes the per-byte arrays hold at least `count` entries.
        mutating func reserve(_ count: Int) {
            guard bestStart.count < count else { return }
            let extra = count - bestStart.count
            bestScore.append(contentsOf: repeatElement(0, count: extra))
            bestStart.append(contentsOf: repeatElement(-1, count: extra))
            bestId.append(contentsOf: repeatElement(0, count: extra))
        }
    }

    /// Appends the ids of `word` (valid UTF-8) to `ids`.
    func append(word: UnsafeBufferPointer<UInt8>, to ids: inout [Int32], scratch: inout Scratch) {
        withSearch { $0.append(word: word, to: &ids, scratch: &scratch) }
    }

    /// Calls `body` with a ``Search`` over the model, which segments many words without reference counting.
    func withSearch<R>(_ body: (Search) -> R) -> R {
        scores.withUnsafeBufferPointer { scores in
            byteIds.withUnsafeBufferPointer { byteIds in
                trie.withView { trie in
                    body(Search(scores: scores, byteIds: byteIds, trie: trie, unknownId: unknownId,
                                unknownScore: unknownScore, byteFallback: byteFallback))
                }
            }
        }
    }

    /// The model's arrays as buffers, and the segmentation of one word.
    struct Search {
        let scores: UnsafeBufferPointer<Double>
        let byteIds: UnsafeBufferPointer<Int32>
        let trie: PieceTrie.View
        let unknownId: Int32
        let unknownScore: Double
        let byteFallback: Bool

        /// Appends the ids of `word` (valid UTF-8) to `ids`.
        func append(word: UnsafeBufferPointer<UInt8>, to ids: inout [Int32], scratch: inout Scratch) {
            let n = word.count
            guard n > 0 else { return }
            scratch.reserve(n + 1)
            viterbi(word, &scratch)
            // Backtrack from the end, then emit in order, fusing runs of unknown nodes.
            scratch.pathStarts.removeAll(keepingCapacity: true)
            scratch.pathIds.removeAll(keepingCapacity: true)
            var end = n
            while end > 0 {
                let start = Int(scratch.bestStart[end])
                scratch.pathStarts.append(Int32(start))
                scratch.pathIds.append(scratch.bestId[end])
                end = start
            }
            var k = scratch.pathIds.count - 1
            while k >= 0 {
                let start = Int(scratch.pathStarts[k])
                let id = scratch.pathIds[k]
                guard id == unknownId else {
                    ids.append(id)
                    k -= 1
                    continue
                }
                var stop = k > 0 ? Int(scratch.pathStarts[k - 1]) : n
                k -= 1
                while k >= 0 && scratch.pathIds[k] == unknownId {
                    stop = k > 0 ? Int(scratch.pathStarts[k - 1]) : n
                    k -= 1
                }
                appendUnknown(UnsafeBufferPointer(rebasing: word[start..<stop]), to: &ids)
            }
        }

        /// The best segmentation of `word`: `bestStart[e]` / `bestId[e]` is the last node of the best
        /// path to byte `e` (the arrays hold at least `word.count + 1` entries).
        private func viterbi(_ word: UnsafeBufferPointer<UInt8>, _ s: inout Scratch) {
            let n = word.count
            s.bestScore.withUnsafeMutableBufferPointer { bestScore in
            s.bestStart.withUnsafeMutableBufferPointer { bestStart in
            s.bestId.withUnsafeMutableBufferPointer { bestId in
                bestScore[0] = 0
                for e in 0...n { bestStart[e] = -1 }
                var pos = 0
                while pos < n {
                    let base = bestScore[pos]
                    let charLength = UTF8Text.scalarLength(lead: word[pos])
                    var hasSingle = false
                    var node = trie.rootChildren[Int(word[pos])]
                    var k = pos + 1
                    while node >= 0 {
                        let id = trie.pieceIds[Int(node)]
                        if id >= 0 {
                            let candidate = scores[Int(id)] + base
                            if bestStart[k] < 0 || candidate > bestScore[k] {
                                bestScore[k] = candidate
                                bestStart[k] = Int32(pos)
                                bestId[k] = id
                            }
                            if k - pos == charLength { hasSingle = true }
                        }
                        guard k < n else { break }
                        node = trie.child(of: node, word[k])
                        k += 1
                    }
                    if !hasSingle {
                        let e = pos + charLength
                        let candidate = unknownScore + base
                        if bestStart[e] < 0 || candidate > bestScore[e] {
                            bestScore[e] = candidate
                            bestStart[e] = Int32(pos)
                            bestId[e] = unknownId
                        }
                    }
                    pos += charLength
                }
            }
            }
            }
        }

        /// Appends the id of an unknown (fused) string: its piece, its byte pieces, or the unknown id.
        private func appendUnknown(_ text: UnsafeBufferPointer<UInt8>, to ids: inout [Int32]) {
            if let id = trie.id(of: text) {
                ids.append(id)
                return
            }
            if byteFallback && text.allSatisfy({ byteIds[Int($0)] >= 0 }) {
                for b in text { ids.append(byteIds[Int(b)]) }
                return
            }
            ids.append(unknownId)
        }
    }
}
