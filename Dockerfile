# connectd as a container: a static binary on an empty base image.
#
#   docker build -t connectd --build-arg VERSION=$(git describe --always) .
#   docker run -p 4580:4580 -v connectd-data:/data connectd
#
# The build stage needs the Go toolchain image and the Go module proxy.
FROM golang:1.26 AS build
ARG VERSION=devel
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: modernc.org/sqlite is pure Go, so the binary needs no libc.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.buildVersion=${VERSION}" -o /out/connectd ./cmd/connectd \
 && mkdir -p /out/root/data /out/root/tmp && chmod 1777 /out/root/tmp

FROM scratch
COPY --from=build /out/connectd /connectd
# /data belongs to the non-root user the process runs as; /tmp (mode 1777)
# is for SQLite's temporary files: scratch has no /tmp.
COPY --from=build --chown=65532:65532 /out/root/ /
USER 65532:65532
ENV CONNECTD_LISTEN=0.0.0.0:4580 \
    CONNECTD_DATA_DIR=/data
VOLUME /data
EXPOSE 4580
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["/connectd", "health"]
ENTRYPOINT ["/connectd"]
