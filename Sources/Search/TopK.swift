/// Picking the best `k` of many scores, ties to the smaller position (the corpus's order), in one pass.
enum TopK {
    /// The positions (`base` + offset) of the `k` largest of `count` values, largest first; equal values by ascending position.
    static func largest<T: Comparable>(_ values: UnsafePointer<T>, count: Int, k: Int, base: Int = 0) -> [(index: Int, value: T)] {
        let k = min(k, count)
        guard k > 0 else { return [] }
        // a min-heap of the best k so far: its root is the worst kept (smallest value, then largest position)
        var heap: [(index: Int, value: T)] = []
        heap.reserveCapacity(k)
        func worse(_ a: (index: Int, value: T), _ b: (index: Int, value: T)) -> Bool {
            a.value < b.value || (a.value == b.value && a.index > b.index)
        }
        for i in 0..<count {
            let v = values[i]
            if heap.count < k {
                heap.append((base + i, v))
                var c = heap.count - 1
                while c > 0 {
                    let p = (c - 1) / 2
                    guard worse(heap[c], heap[p]) else { break }
                    heap.swapAt(c, p)
                    c = p
                }
            } else if v > heap[0].value {           // an equal value comes later in position: never better
                heap[0] = (base + i, v)
                var p = 0
                while true {
                    let l = 2 * p + 1, r = l + 1
                    var m = p
                    if l < k && worse(heap[l], heap[m]) { m = l }
                    if r < k && worse(heap[r], heap[m]) { m = r }
                    if m == p { break }
                    heap.swapAt(p, m)
                    p = m
                }
            }
        }
        return heap.sorted { worse($1, $0) }
    }

    /// The positions (`base` + offset) of the `k` smallest of `count` distances in 0...maxDistance, smallest first, equal
    /// distances by ascending position: a counting pass finds the cut-off distance, a second collects.
    static func smallest(_ distances: UnsafePointer<UInt16>, count: Int, k: Int, maxDistance: Int, base: Int = 0) -> [(index: Int, value: UInt16)] {
        let k = min(k, count)
        guard k > 0 else { return [] }
        var histogram = [Int](repeating: 0, count: maxDistance + 1)
        histogram.withUnsafeMutableBufferPointer { h in
            for i in 0..<count { h[Int(distances[i])] += 1 }
        }
        var cutoff = 0, below = 0
        while below + histogram[cutoff] < k {
            below += histogram[cutoff]
            cutoff += 1
        }
        var atCutoff = k - below                    // how many at the cut-off distance are kept, first come first
        var picked: [(index: Int, value: UInt16)] = []
        picked.reserveCapacity(k)
        let c = UInt16(cutoff)
        for i in 0..<count {
            let d = distances[i]
            if d < c {
                picked.append((base + i, d))
            } else if d == c && atCutoff > 0 {
                picked.append((base + i, d))
                atCutoff -= 1
            }
        }
        return picked.sorted { $0.value < $1.value || ($0.value == $1.value && $0.index < $1.index) }
    }
}
