import CPangoCairo
import Foundation

/// Collects what cairo writes through a stream callback (PDF and PNG surfaces), so documents are
/// made in memory and never touch the disk.
final class ByteSink {
    var data = Data()

    /// The cairo_write_func_t to hand cairo together with `context`.
    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }

    /// Unretained: the caller keeps the sink alive while the surface writes.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

public enum DocumentError: Error, Equatable, CustomStringConvertible {
    /// The text does not fit in any QR version at level M.
    case qrEncodingFailed(text: String)
    /// A cairo surface or context reported an error.
    case cairo(String)
    /// fontconfig resolved the CJK family to something else: fonts-noto-cjk is not installed, and the
    /// document would show boxes instead of Chinese.
    case fontMissing(family: String, resolved: String)
    /// libxlsxwriter refused (the step named).
    case xlsx(String)

    public var description: String {
        switch self {
        case .qrEncodingFailed(let text): "QR encoding failed for \(text.utf8.count) bytes"
        case .cairo(let message): "cairo: \(message)"
        case .fontMissing(let family, let resolved): "font \(family) is not installed (fontconfig gave \(resolved)); install fonts-noto-cjk"
        case .xlsx(let step): "libxlsxwriter: \(step) failed"
        }
    }
}

func cairoCheck(_ status: cairo_status_t) throws {
    guard status == CAIRO_STATUS_SUCCESS else { throw DocumentError.cairo(String(cString: cairo_status_to_string(status))) }
}
