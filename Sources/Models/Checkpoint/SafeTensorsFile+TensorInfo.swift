extension SafeTensorsFile {
    /// What the header says about one tensor, already validated against the file.
    public struct TensorInfo: Equatable, Sendable {
        /// The tensor's name, e.g. `encoder.layer.0.attention.self.query.weight`.
        public let name: String
        /// The element type.
        public let dtype: DType
        /// The shape, outermost dimension first (row-major); `[]` is a scalar.
        public let shape: [Int]
        /// The byte range inside the data section (which starts right after the header).
        public let dataOffsets: Range<Int>

        /// product(shape); 1 for a scalar.
        public var elementCount: Int { shape.reduce(1, *) }
        /// The number of bytes the tensor occupies.
        public var byteCount: Int { dataOffsets.count }
    }
}
