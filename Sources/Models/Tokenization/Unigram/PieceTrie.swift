/// A byte trie over the pieces of a Unigram vocabulary, for common-prefix search.
///
/// Nodes are numbered breadth first; the children of a node are contiguous and sorted by byte, so a
/// step is a short scan (a binary search for wider nodes); the root and the widest nodes (e.g. `▁`,
/// which starts most pieces) also have a 256-entry child table. A piece that occurs twice keeps its
/// last id, as HuggingFace's `token_to_ids` map does.
struct PieceTrie: Sendable {
    /// First edge of each node's children. // [nodes]
    private let firstEdge: [Int32]
    /// Number of children of each node. // [nodes]
    private let edgeCount: [Int32]
    /// Piece id ending at each node, -1 for none. // [nodes]
    private let pieceIds: [Int32]
    /// Byte of each edge. // [edges]
    private let labels: [UInt8]
    /// Child node of each edge. // [edges]
    private let targets: [Int32]
    /// The root's child for each byte, -1 for none. // [256]
    private let rootChildren: [Int32]
    /// For a node with many children, the start of its 256-entry child table in `denseChildren`, else -1. // [nodes]
    private let denseStart: [Int32]
    /// Child tables of the wide nodes (child per byte, -1 for none).
    private let denseChildren: [Int32]

    /// Nodes with at least this many children get a 256-entry child table.
    static let denseThreshold = 24

    /// The root node.
    static let root: Int32 = 0

    /// A trie of `pieces` (UTF-8 bytes), piece *i* having id *i*.
    init(pieces: [[UInt8]]) {
        let order = pieces.indices.sorted { a, b in
            pieces[a].lexicographicallyPrecedes(pieces[b]) || (pieces[a] == pieces[b] && a < b)
        }
        var firstEdge: [Int32] = [0], edgeCount: [Int32] = [0], pieceIds: [Int32] = [-1]
        var labels: [UInt8] = [], targets: [Int32] = []
        // Breadth-first: (range of `order` sharing a prefix of `depth` bytes, its node).
        var queue: [(lo: Int, hi: Int, depth: Int, node: Int)] = [(0, order.count, 0, 0)]
        var head = 0
        while head < queue.count {
            let (lo, hi, depth, node) = queue[head]
            head += 1
            var i = lo
            while i < hi && pieces[order[i]].count == depth {   // pieces ending here sort first
                pieceIds[node] = Int32(order[i])                 // equal pieces: the last id wins
                i += 1
            }
            firstEdge[node] = Int32(labels.count)
            while i < hi {
                let byte = pieces[order[i]][depth]
                var j = i + 1
                while j < hi && pieces[order[j]][depth] == byte { j += 1 }
                let child = pieceIds.count
                firstEdge.append(0)
                edgeCount.append(0)
                pieceIds.append(-1)
                labels.append(byte)
                targets.append(Int32(child))
                edgeCount[node] += 1
                queue.append((i, j, depth + 1, child))
                i = j
            }
        }
        var root = [Int32](repeating: -1, count: 256)
        for e in 0..<Int(edgeCount[0]) { root[Int(labels[e])] = targets[e] }
        var denseStart = [Int32](repeating: -1, count: pieceIds.count)
        var denseChildren: [Int32] = []
        for node in 1..<pieceIds.count where edgeCount[node] >= Self.denseThreshold {
            denseStart[node] = Int32(denseChildren.count)
            var table = [Int32](repeating: -1, count: 256)
            for e in Int(firstEdge[node])..<Int(firstEdge[node] + edgeCount[node]) { table[Int(labels[e])] = targets[e] }
            denseChildren += table
        }
        self.denseStart = denseStart
        self.denseChildren = denseChildren
        self.firstEdge = firstEdge
        self.edgeCount = edgeCount
        self.pieceIds = pieceIds
        self.labels = labels
        self.targets = targets
        rootChildren = root
    }

    /// The number of nodes.
    var nodeCount: Int { pieceIds.count }

    /// The child of `node` along `byte`, or -1.
    func child(of node: Int32, _ byte: UInt8) -> Int32 {
        withView { $0.child(of: node, byte) }
    }

    /// The trie's arrays as buffers, for loops that step through it without reference counting.
    struct View {
        let firstEdge: UnsafeBufferPointer<Int32>
        let edgeCount: UnsafeBufferPointer<Int32>
        let pieceIds: UnsafeBufferPointer<Int32>
        let labels: UnsafeBufferPointer<UInt8>
        let targets: UnsafeBufferPointer<Int32>
        let rootChildren: UnsafeBufferPointer<Int32>
        let denseStart: UnsafeBufferPointer<Int32>
        let denseChildren: UnsafeBufferPointer<Int32>

        /// The child of `node` along `byte`, or -1.
        @inline(__always)
        func child(of node: Int32, _ byte: UInt8) -> Int32 {
            if node == PieceTrie.root { return rootChildren[Int(byte)] }
            let n = Int(node)
            let dense = denseStart[n]
            if dense >= 0 { return denseChildren[Int(dense) + Int(byte)] }
            var lo = Int(firstEdge[n])
            var hi = lo + Int(edgeCount[n])
            while hi - lo > 8 {
                let mid = (lo + hi) / 2
                if labels[mid] < byte { lo = mid + 1 } else { hi = mid + 1 }   // the first label ≥ byte is in lo..<hi
            }
            while lo < hi {
                let l = labels[lo]
                if l == byte { return targets[lo] }
                if l > byte { return -1 }
                lo += 1
            }
            return -1
        }

        /// The id of the piece equal to `bytes`, if any.
        func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
            var node = PieceTrie.root
            for b in bytes {
                node = child(of: node, b)
                if node < 0 { return nil }
            }
            let id = pieceIds[Int(node)]
            return id >= 0 ? id : nil
        }
    }

    /// Calls `body` with a ``View`` of the trie.
    @inline(__always)
    func withView<R>(_ body: (View) -> R) -> R {
        firstEdge.withUnsafeBufferPointer { firstEdge in
            edgeCount.withUnsafeBufferPointer { edgeCount in
                pieceIds.withUnsafeBufferPointer { pieceIds in
                    labels.withUnsafeBufferPointer { labels in
                        targets.withUnsafeBufferPointer { targets in
                            rootChildren.withUnsafeBufferPointer { rootChildren in
                                denseStart.withUnsafeBufferPointer { denseStart in
                                    denseChildren.withUnsafeBufferPointer { denseChildren in
                                        body(View(firstEdge: firstEdge, edgeCount: edgeCount, pieceIds: pieceIds,
                                                  labels: labels, targets: targets, rootChildren: rootChildren,
                                                  denseStart: denseStart, denseChildren: denseChildren))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The id of the piece equal to `bytes`, if any.
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        withView { $0.id(of: bytes) }
    }

    /// The id of the piece equal to `string`, if any.
    func id(of string: String) -> Int32? {
        let bytes = Array(string.utf8)
        return bytes.withUnsafeBufferPointer { id(of: $0) }
    }
}
