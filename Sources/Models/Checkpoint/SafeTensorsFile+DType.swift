extension SafeTensorsFile {
    /// An element type named in a safetensors header, spelled exactly as the format spells it.
    ///
    /// Every byte-sized dtype of the format is recognised, so any well-formed file can be opened and
    /// validated. Only the floating-point ones can be read as `[Float]`; see ``isReadableAsFloat``.
    /// The sub-byte dtypes (`F4`, `F6_E2M3`, `F6_E3M2`) are rejected with ``CheckpointError/unknownDType(path:tensor:dtype:)``.
    public enum DType: String, CaseIterable, Sendable {
        case bool = "BOOL"
        case u8 = "U8"
        case i8 = "I8"
        case f8e5m2 = "F8_E5M2"
        case f8e4m3 = "F8_E4M3"
        case f8e8m0 = "F8_E8M0"
        case i16 = "I16"
        case u16 = "U16"
        case f16 = "F16"
        case bf16 = "BF16"
        case i32 = "I32"
        case u32 = "U32"
        case f32 = "F32"
        case f64 = "F64"
        case c64 = "C64"
        case i64 = "I64"
        case u64 = "U64"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .bool, .u8, .i8, .f8e5m2, .f8e4m3, .f8e8m0: return 1
            case .i16, .u16, .f16, .bf16: return 2
            case .i32, .u32, .f32: return 4
            case .f64, .c64, .i64, .u64: return 8
            }
        }

        /// Whether ``SafeTensorsFile/floats(_:)`` can convert this dtype to Float32 (F32, F16, BF16, F64).
        public var isReadableAsFloat: Bool {
            Self.floatReadable.contains(self)
        }

        /// The dtypes ``SafeTensorsFile/floats(_:)`` accepts, in the order error messages list them.
        public static let floatReadable: [DType] = [.f32, .f16, .bf16, .f64]
    }
}
