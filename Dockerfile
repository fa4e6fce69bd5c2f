# segment-metronome in a small Debian image: the Swift standard library and Foundation are linked
# statically, so the runtime stage needs only the C libraries the package links (zlib, ISA-L, SQLite)
# and CA certificates for HTTPS to Metronome.
#
#   docker build -t segment-metronome:0.1.0 .
#   docker run --rm segment-metronome:0.1.0 --version
#
# The project's machines have no container engine, so this file is checked by reading it; the build
# command in it, `swift build -c release --static-swift-stdlib`, was checked on Debian 12 with Swift
# 6.3.1: it links, and `ldd` lists only libisal.so.2, libz.so.1, libstdc++.so.6, libgcc_s.so.1, libm
# and libc (no libswift*, no ICU). SQLite joins them once the ledger links it.

# The toolchain the project is developed with; any 6.1+ image on Debian 12 works (tools version 6.1).
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
# -dev packages: headers and link-time libraries. With libisal-dev present, Package.swift builds the
# ISA-L gzip reader (about 4x faster than zlib).
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev libisal-dev libsqlite3-dev binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Tests/ is copied because Package.swift declares the test targets; they are not built.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
# --strip-debug: 131 MB -> 92 MB; the symbol table stays, so crash backtraces still name functions.
RUN swift build -c release --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/segment-metronome" \
        /out/segment-metronome \
    && strip --strip-debug /out/segment-metronome

FROM debian:bookworm-slim
# The shared libraries the binary loads: the slim image lacks ISA-L and SQLite; it has zlib, libstdc++
# and libgcc already, and zlib1g is named so that the image does not depend on that. ca-certificates:
# the trust store the HTTPS client (BoringSSL) reads.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates zlib1g libisal2 libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/*
# A fixed numeric uid, so that Kubernetes' runAsNonRoot can check it and volume permissions
# (fsGroup, chown on a host directory) can name it.
RUN groupadd --system --gid 10001 segment-metronome \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin segment-metronome
COPY --from=build /out/segment-metronome /usr/local/bin/segment-metronome
USER 10001:10001
WORKDIR /tmp
ENTRYPOINT ["/usr/local/bin/segment-metronome"]
CMD ["--help"]
