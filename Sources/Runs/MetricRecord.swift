/// One line of `metrics.jsonl.zst`: a step and its values (`loss`, `loss/<component>`, `lr`, `eval/<name>/<metric>`, …).
public struct MetricRecord: Sendable, Equatable {
    public let fields: [String: JSONValue]

    public init(fields: [String: JSONValue]) { self.fields = fields }

    /// The training step, when the line has one that is a number an `Int` can hold (a fraction is cut off).
    public var step: Int? { fields["step"]?.double.flatMap { Int(exactly: $0.rounded(.towardZero)) } }

    /// A numeric field.
    public func number(_ key: String) -> Double? { fields[key]?.double }

    /// The metric keys of this line (everything but step, epoch and time).
    public var metricKeys: [String] { fields.keys.filter { !["step", "epoch", "time"].contains($0) } }
}
