/// Whether operations record the autodiff graph (on by default; off for pure inference).
public enum GradMode {
    @TaskLocal static var isEnabled = true

    /// Runs `body` without recording any graph: results are plain values, memory is freed as soon as possible.
    public static func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
        try $isEnabled.withValue(false, operation: body)
    }
}
