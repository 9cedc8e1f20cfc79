import Runs

extension RunComparison {
    /// One config key's value in each run (null where a run lacks the key); encoded as `[A, B]`.
    public struct ConfigDifference: Equatable, Sendable, Encodable {
        public let a: JSONValue
        public let b: JSONValue

        public init(a: JSONValue, b: JSONValue) {
            self.a = a
            self.b = b
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(a)
            try c.encode(b)
        }
    }
}
