/// What a model-selection experiment compares: the candidates, the suites they are scored on, the Matryoshka
/// widths, and the requirements the recommendation follows.
public struct SelectionPlan: Sendable {
    /// `--model` specs: model folders, run folders, `openai:<base-url>#<model>` endpoints.
    public var candidates: [String]
    /// Built-in suite names or suite files.
    public var suites: [String]
    /// Narrower Matryoshka widths scored from the same encoding.
    public var dims: [Int]
    public var requirements: SelectionRequirements
    /// A candidate the others are compared with (kept %, speed ×): a distillation's teacher.
    public var baseline: String?

    public init(candidates: [String], suites: [String] = ["legal-zh", "stsb"], dims: [Int] = [], requirements: SelectionRequirements = .init(),
                baseline: String? = nil) {
        self.baseline = baseline
        self.candidates = candidates
        self.suites = suites
        self.dims = dims
        self.requirements = requirements
    }
}
