/// How token vectors are reduced to one sentence vector, as sentence-transformers' `Pooling` does it.
///
/// The raw values are sentence-transformers' `pooling_mode` names.
public enum PoolingMode: String, Codable, CaseIterable, Sendable {
    /// The vector of the first token (`[CLS]`); legacy flag `pooling_mode_cls_token`.
    case cls
    /// The mean over non-padding tokens; legacy flag `pooling_mode_mean_tokens`.
    case mean
    /// The element-wise maximum over non-padding tokens; legacy flag `pooling_mode_max_tokens`.
    case max
}
