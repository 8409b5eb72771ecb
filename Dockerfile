# syntax=docker/dockerfile:1
# Build a static binary (no cgo: SQLite is pure Go), run it as non-root.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/gymtastic ./cmd/gymtastic && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
# /data belongs to nonroot, so the SQLite default can be created there, and a
# named volume mounted on it starts with that owner (WORKDIR alone makes it
# root's, which nonroot cannot write).
COPY --from=build --chown=nonroot:nonroot /out/data /data
WORKDIR /data
COPY --from=build /out/gymtastic /usr/local/bin/gymtastic
COPY config.yaml /etc/gymtastic/config.yaml
# Configure with GYMTASTIC_* variables; listen on all interfaces in a container.
ENV GYMTASTIC_SERVER_ADDR=0.0.0.0:8000 \
    GYMTASTIC_DATABASE_URL=sqlite:/data/gymtastic.db
EXPOSE 8000
USER nonroot:nonroot
# No shell or curl here: the binary asks its own /readyz.
HEALTHCHECK --interval=10s --timeout=4s --start-period=15s \
    CMD ["/usr/local/bin/gymtastic", "--config", "/etc/gymtastic/config.yaml", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/gymtastic", "--config", "/etc/gymtastic/config.yaml"]
CMD ["serve", "--migrate"]
