/// Metrics, evaluators and significance tests.
public enum Evaluation {}
