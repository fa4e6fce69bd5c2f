import Foundation
import NIOSSL
import XCTest

@testable import MetronomeIngest

/// The HTTP client's TLS settings (a self-signed server is refused: `SecurityTests`, through the binary).
final class IngestClientTests: XCTestCase {
    func testTLSVerifiesCertificatesAndNeedsTLS12() {
        XCTAssertEqual(IngestClient.tlsConfiguration.certificateVerification, .fullVerification)
        XCTAssertEqual(IngestClient.tlsConfiguration.minimumTLSVersion, .tlsv12)
    }
}
