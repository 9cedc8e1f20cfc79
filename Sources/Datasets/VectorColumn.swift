/// A column of one fixed-width Float vector per row: teacher embeddings for distillation, read from a file or
/// computed once by a teacher model.
///
/// ```swift
/// let teacher = try VectorColumn(name: "teacher", width: 768, values: flat)   // flat: N · 768 floats
/// let data = try sentences.adding(teacher)                                      // a `PairDataset` with it
/// ```
public struct VectorColumn: Sendable, Equatable {
    /// The column's name (`teacher`, `label`).
    public let name: String
    /// The vectors' width D.
    public let width: Int
    /// Row `i` is `values[i·D ..< (i+1)·D]`.  // [N · D]
    public let values: [Float]

    /// A column of `values.count / width` rows; throws when the values are not whole rows or not finite.
    public init(name: String, width: Int, values: [Float]) throws {
        guard width > 0 else { throw DatasetError.invalidArguments("vector column \"\(name)\": width \(width) is not positive") }
        guard values.count % width == 0 else {
            throw DatasetError.invalidArguments("vector column \"\(name)\": \(values.count) values are not whole rows of \(width)")
        }
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw DatasetError.invalidArguments("vector column \"\(name)\": row \(i / width) holds \(values[i]), not a finite number")
        }
        self.name = name
        self.width = width
        self.values = values
    }

    private init(unchecked name: String, width: Int, values: [Float]) {
        self.name = name
        self.width = width
        self.values = values
    }

    /// The number of rows.
    public var count: Int { values.count / width }

    /// The rows at `indices`, in that order.  // [indices.count · D]
    public func rows(_ indices: [Int]) -> VectorColumn {
        var out = [Float]()
        out.reserveCapacity(indices.count * width)
        for i in indices { out += values[(i * width)..<((i + 1) * width)] }
        return VectorColumn(unchecked: name, width: width, values: out)
    }
}
