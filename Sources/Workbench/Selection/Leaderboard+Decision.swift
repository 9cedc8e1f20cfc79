import Foundation

extension Leaderboard {
    /// Follows the decision tree over the evaluated candidates, sets each entry's `verdict`, `choice` and `reasons`.
    ///
    /// 1. API acceptable? If not, API candidates are left out.
    /// 2. Chinese? Candidates are ranked by the Chinese suite's average (`legal-zh`) if so, else by STS-B.
    /// 3. Resources: candidates over the memory budget or under the throughput floor are left out.
    /// 4. The best-ranked candidate wins, unless one within `tolerance` of it encodes at least 1.5× as fast:
    ///    then the fastest of those does (as good, for less).
    /// 5. The width to store is the narrowest Matryoshka width whose ranking-suite average is within
    ///    `tolerance` of the chosen model's full width.
    public mutating func decide() {
        let req = requirements, rank = req.rankingSuite
        var left = entries.indices.filter { entries[$0].unavailable == nil }
        var steps: [String] = []
        for i in entries.indices where entries[i].unavailable != nil { entries[i].verdict = "unavailable: \(entries[i].unavailable!)" }
        func leaveOut(_ drop: [Int], _ why: (Int) -> String) {
            for i in drop { entries[i].verdict = "left out: \(why(i))" }
            left.removeAll { drop.contains($0) }
        }
        func names(_ idx: [Int]) -> String { idx.isEmpty ? "none" : idx.map { entries[$0].spec }.joined(separator: ", ") }

        let apis = left.filter { entries[$0].probe?.isRemote == true }
        if req.apiAcceptable {
            steps.append("1. API acceptable? yes → API candidates stay in (\(names(apis)))")
        } else {
            leaveOut(apis) { _ in "an API, and texts may not leave the machine" }
            steps.append("1. API acceptable? no → left out: \(names(apis))")
        }

        let unscored = left.filter { entries[$0].suiteAverage(rank) == nil }
        leaveOut(unscored) { _ in "not scored on \(rank)" }
        steps.append("2. Chinese? \(req.chinese ? "yes" : "no") → ranked by the \(rank) average" + (req.rankBy != nil ? " (as asked)"
                     : req.chinese ? " (the Chinese legal tasks)" : " (English STS)"))

        var limits: [String] = [], dropped: [Int] = []
        if let budget = req.maxMemoryMiB {
            limits.append(String(format: "peak memory ≤ %.0f MiB", budget))
            let over = left.filter { i in entries[i].probe.map { !$0.isRemote && Double($0.peakRSSBytes) / 1_048_576 > budget } ?? false }
            dropped += over
            leaveOut(over) { i in String(format: "peak memory %.0f MiB > %.0f MiB", Double(entries[i].probe!.peakRSSBytes) / 1_048_576, budget) }
        }
        if let floor = req.minSentencesPerSecond {
            limits.append(String(format: "≥ %.1f sentences/s", floor))
            let slow = left.filter { i in (entries[i].probe?.sentencesPerSecond ?? 0) < floor }
            dropped += slow
            leaveOut(slow) { i in String(format: "%.1f sentences/s < %.1f", entries[i].probe?.sentencesPerSecond ?? 0, floor) }
        }
        steps.append("3. Resources? " + (limits.isEmpty ? "no limits set → nobody left out"
                                          : limits.joined(separator: ", ") + " → left out: \(names(dropped))"))

        let ranked = left.sorted { entries[$0].suiteAverage(rank)! > entries[$1].suiteAverage(rank)! }
        guard let best = ranked.first else {
            steps.append("4. No candidate meets the requirements: nothing is recommended")
            choice = nil
            reasons = steps
            return
        }
        let top = entries[best].suiteAverage(rank)!
        let speeds = entries.map { $0.probe?.sentencesPerSecond ?? 0 }
        let speed = { (i: Int) in speeds[i] }
        let asGood = ranked.dropFirst().filter { top - entries[$0].suiteAverage(rank)! <= req.tolerance && speed($0) >= 1.5 * speed(best) }
        let chosen = asGood.max { speed($0) < speed($1) } ?? best
        if chosen == best {
            steps.append(String(format: "4. Best on %@: %@ (%.4f); no candidate within %.3f of it is 1.5× as fast → %@",
                                rank, entries[best].spec, top, req.tolerance, entries[best].spec))
        } else {
            steps.append(String(format: "4. Best on %@: %@ (%.4f); %@ is within %.3f (%.4f) and %.1f× as fast → %@", rank,
                                entries[best].spec, top, entries[chosen].spec, req.tolerance, entries[chosen].suiteAverage(rank)!,
                                speed(chosen) / max(speed(best), 1e-9), entries[chosen].spec))
        }

        let e = entries[chosen]
        let full = e.probe?.dimension ?? 0
        let fullScore = e.suiteAverage(rank)!
        let width = dims.filter { $0 < full }.sorted().first { d in (e.suiteAverage(rank, atDim: d) ?? -.infinity) >= fullScore - req.tolerance } ?? full
        if width == full {
            steps.append(dims.isEmpty ? "5. Width: no Matryoshka widths scored (--dims) → store all \(full) dimensions"
                         : String(format: "5. Width: no narrower width is within %.3f of the full %d → store %d-d (%.2f GB per million fp32 vectors)",
                                  req.tolerance, full, full, (e.storagePerMillion() ?? 0) / 1e9))
        } else {
            steps.append(String(format: "5. Width: %d-d keeps %.4f (%+.4f vs %d-d) → store %d-d: %.2f GB per million fp32 vectors instead of %.2f",
                                width, e.suiteAverage(rank, atDim: width)!, e.suiteAverage(rank, atDim: width)! - fullScore, full, width,
                                (e.storagePerMillion(dim: width) ?? 0) / 1e9, (e.storagePerMillion() ?? 0) / 1e9))
        }
        for (n, i) in ranked.enumerated() {
            entries[i].verdict = i == chosen ? "recommended (store \(width)-d)"
                : String(format: "#%d on %@ (%+.4f)", n + 1, rank, entries[i].suiteAverage(rank)! - top)
        }
        choice = (chosen, width)
        reasons = steps
    }
}
