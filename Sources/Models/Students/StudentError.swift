/// Why a student cannot be built from its teacher.
public enum StudentError: Error, Equatable, CustomStringConvertible {
    /// A PCA width outside 1…min(texts, dimension).
    case pcaWidth(requested: Int, texts: Int, dimension: Int)
    /// A width reduction whose student is not as wide as the teacher whose embeddings the PCA was fitted on.
    case widthMismatch(student: String, studentDimension: Int, teacherDimension: Int)

    public var description: String {
        switch self {
        case .pcaWidth(let requested, let texts, let dimension):
            "a PCA width of \(requested) needs 1 ≤ width ≤ min(texts, dimension) = min(\(texts), \(dimension)): "
                + (requested > texts ? "give more texts than \(requested) or a smaller width" : "choose a width below \(min(texts, dimension) + 1)")
        case .widthMismatch(let student, let s, let t):
            "\(student) gives \(s)-d vectors, the teacher \(t)-d: a PCA of the teacher's embeddings initialises only a student as wide as the teacher"
        }
    }
}
