/// One line of a chart: a run's values of one metric by step.
struct LineSeries: Sendable {
    /// Shown on hover (the SVG `<title>`).
    let label: String
    let style: SeriesStyle
    /// (x, y) in x order; non-finite values are gaps.
    let points: [(x: Double, y: Double)]
}
