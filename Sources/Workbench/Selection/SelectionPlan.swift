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
    /// A common token limit for the encode-speed probe (nil: each folder's own `max_seq_length`), so folders saved
    /// with different limits (a 512-token base model, its 128-token fine-tune) are timed on the same inputs.
    public var probeMaxLength: Int?

    public init(candidates: [String], suites: [String] = ["legal-zh", "stsb"], dims: [Int] = [], requirements: SelectionRequirements = .init(),
                baseline: String? = nil, probeMaxLength: Int? = nil) {
        self.baseline = baseline
        self.probeMaxLength = probeMaxLength
        self.candidates = candidates
        self.suites = suites
        self.dims = dims
        self.requirements = requirements
    }
}
