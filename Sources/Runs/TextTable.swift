/// A plain-text table with aligned columns (numbers right-aligned), for terminal output.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table with a rule under the header.
    public var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            header.indices.map { c in
                let cell = cells.indices.contains(c) ? cells[c] : ""
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return Self.isNumeric(cell) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// Comma-separated values with RFC 4180 quoting.
    public var csv: String {
        ([header] + rows).map { $0.map(Self.csvCell).joined(separator: ",") }.joined(separator: "\n")
    }

    static func csvCell(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func isNumeric(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: ["*", "+", " "])
        return !t.isEmpty && Double(t) != nil
    }
}

extension String {
    /// The string without trailing spaces.
    public func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }

    /// The string without leading and trailing characters from `set`.
    public func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
