import ArgumentParser
import Search

/// The options that choose a search strategy (shared by `workbench search` and `workbench index eval`).
struct SearchOptions: ParsableArguments {
    @Option(help: "Results per query.") var k = 10
    @Option(help: "Stage 1 scores this Matryoshka prefix width (stored in the index); none: exact flat search.")
    var shortlistDim: Int?
    @Option(help: "Stage 1's stored precision: none (float32), int8, int4 or binary (default: none if stored at that width, else the one stored).")
    var shortlistPrecision: String?
    @Option(help: "Candidates stage 1 passes to stage 2.") var shortlistK = 100
    @Option(help: "full: re-score the shortlist with full-width float32 vectors; none: keep stage 1's order and scores.")
    var rerank = "full"

    /// The plan these options describe for `index`.
    func plan(for index: VectorIndex) throws -> SearchPlan {
        guard rerank == "full" || rerank == "none" else { throw CLIError("--rerank \(rerank): expected full or none") }
        var precision: ShortlistPrecision?
        if let name = shortlistPrecision {
            guard let p = ShortlistPrecision(quantizeName: name) else { throw CLIError("--shortlist-precision \(name): expected none, int8, int4 or binary") }
            precision = p
        }
        guard shortlistDim != nil || precision != nil else {
            guard rerank == "full" else { throw CLIError("--rerank none needs a shortlist (--shortlist-dim)") }
            return SearchPlan(k: k)
        }
        let dim = shortlistDim ?? index.dimension
        if precision == nil {
            let stored = index.manifest.shortlists.filter { $0.dim == dim }.map(\.precision)
            precision = stored.contains(.float32) || stored.isEmpty ? .float32 : stored.count == 1 ? stored[0] : nil
            guard precision != nil else {
                throw CLIError("the index stores \(dim)-d shortlists in \(stored.map(\.quantizeName).joined(separator: ", ")): choose one with --shortlist-precision")
            }
        }
        return SearchPlan(k: k, shortlist: .init(dim: dim, precision: precision!, k: shortlistK), rerank: rerank == "full")
    }
}
