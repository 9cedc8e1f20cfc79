/// How one run is drawn in every chart: a colour of the Okabe–Ito palette and, past seven runs, a dash pattern.
struct SeriesStyle: Equatable, Sendable {
    /// A CSS colour (`#0072B2`).
    let color: String
    /// An SVG `stroke-dasharray`, nil for a solid line.
    let dash: String?

    /// Okabe & Ito's colour-blind-safe colours, yellow left out (too faint on white).
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]
    static let dashes: [String?] = [nil, "7 3", "2 2.5", "9 3 2 3"]

    /// The style of the `index`-th run: colours first, then the same colours dashed.
    static func run(_ index: Int) -> SeriesStyle {
        SeriesStyle(color: colors[index % colors.count], dash: dashes[(index / colors.count) % dashes.count])
    }

    /// SVG attributes for a stroke in this style.
    func strokeAttributes(width: Double) -> String {
        "stroke=\"\(color)\" stroke-width=\"\(width)\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
    }

    /// A small inline SVG of the line, for legends and tables.
    var swatch: String {
        "<svg class=\"swatch\" width=\"26\" height=\"10\" viewBox=\"0 0 26 10\" aria-hidden=\"true\">"
            + "<line x1=\"1\" y1=\"5\" x2=\"25\" y2=\"5\" \(strokeAttributes(width: 2.5))/></svg>"
    }
}
