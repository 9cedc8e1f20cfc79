import Foundation
import FuzzSupport
import Search
import Tensors

// A .wbindex file: opened without the checksum (which would turn away nearly every mutation before the layout is
// read) and, when it opens, searched exactly and through every stored shortlist with a small batch of queries.
Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    let folder = Fuzz.folder("wbindex")
    Fuzz.write(input, to: "fuzz.wbindex", in: folder)
    do {
        let index = try VectorIndex(url: folder.appendingPathComponent("fuzz.wbindex"), verify: false)
        guard index.count <= 1 << 16, index.dimension <= 1 << 12 else { return 0 }       // keep each run short
        let d = index.dimension
        let queries = Tensor(shape: [3, d], scalars: (0..<3 * d).map { Float(($0 * 7) % 5) - 2 })
        _ = (index.id(0), index.textHash(index.count - 1))
        var plans = [SearchPlan(k: 3)]
        for s in index.manifest.shortlists {
            plans.append(SearchPlan(k: 2, shortlist: .init(dim: s.dim, precision: s.precision, k: 4)))
            plans.append(SearchPlan(k: 2, shortlist: .init(dim: s.dim, precision: s.precision, k: 4), rerank: false))
        }
        for plan in plans {
            _ = try index.search(queries, plan: plan)
            _ = try index.search(Tensor(shape: [1, d], scalars: Array(repeating: 0.5, count: d)), plan: plan)
        }
    } catch {
        Fuzz.note("\(error)")
    }
    return 0
}
