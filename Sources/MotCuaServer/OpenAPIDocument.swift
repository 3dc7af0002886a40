/// The OpenAPI 3.1 document served at `GET /openapi.yaml`. A test keeps its paths and methods equal to
/// the router's routes.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: MotCua API
          version: 1.0.0
          summary: Event-sourced tracker for Vietnamese administrative procedures.
          description: |
            One-stop centers post events; auditors read the hash-chained log; monitors read KPIs.
            Every error is an RFC 9457 problem (application/problem+json) whose `type` is
            https://motcua.vn/problems/<code>; event errors also carry the batch `index`, the event `id`,
            the `field` and the `rule` (the stable code of DOMAIN.md).
            Tokens: `motcua token create --role center --agency CODE | auditor | monitor | admin [--expires 90d]`.
            401 answers are `unauthenticated` (no token where one is needed, an unknown or a revoked token) or
            `token-expired` (a token past its expiry; `detail` says when it expired).
        servers:
          - url: /
        security:
          - bearer: []
        paths:
          /v1/events:
            post:
              operationId: postEvents
              summary: Append a batch of events, all or nothing (center or admin).
              description: |
                A JSON array of interchange events, an object `{"events": [...], "expectedVersions": {"dossier/D-1": 3}}`,
                or NDJSON (`Content-Type: application/x-ndjson`). `expectedVersion=STREAM:VERSION` query parameters
                work with every form. Posting the same events again stores nothing and answers the original positions.
                A center token may post only dossier and complaint events of streams held by its agencies.
              parameters:
                - name: expectedVersion
                  in: query
                  required: false
                  description: "Optimistic concurrency: STREAM:VERSION (0 = the stream must not exist). Repeatable."
                  schema:
                    type: array
                    items:
                      type: string
                      pattern: '^(agency|procedure|dossier|complaint)/[A-Za-z0-9._-]{1,64}:[0-9]+$'
                  style: form
                  explode: true
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - type: array
                          items: {$ref: '#/components/schemas/Event'}
                        - type: object
                          required: [events]
                          additionalProperties: false
                          properties:
                            events:
                              type: array
                              items: {$ref: '#/components/schemas/Event'}
                            expectedVersions:
                              type: ['object', 'null']
                              additionalProperties: {type: integer, minimum: 0}
                  application/x-ndjson:
                    schema:
                      type: string
                      description: One interchange event per line.
              responses:
                '200':
                  description: Every event was already present (an idempotent retry); nothing was stored.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AppendResults'}
                '201':
                  description: The batch was appended (events already present are acknowledged with their positions).
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/AppendResults'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '409': {$ref: '#/components/responses/Problem'}
                '413': {$ref: '#/components/responses/Problem'}
                '415': {$ref: '#/components/responses/Problem'}
                '422': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
            get:
              operationId: getEvents
              summary: The recorded log after a position (auditor or admin).
              parameters:
                - name: after
                  in: query
                  required: false
                  schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, default: 0}
                - name: limit
                  in: query
                  required: false
                  schema: {type: integer, minimum: 1, maximum: 10000, default: 1000}
              responses:
                '200':
                  description: Events in position order, in the recorded form that `motcua export` writes.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [events, next]
                        properties:
                          events:
                            type: array
                            items: {$ref: '#/components/schemas/RecordedEvent'}
                          next:
                            type: integer
                            description: The position to pass as `after` for the next page.
                    application/x-ndjson:
                      schema:
                        type: string
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/streams/{kind}/{code}:
            get:
              operationId: getStream
              summary: One stream's history and, for a dossier or complaint, where it stands now (auditor or admin).
              parameters:
                - name: kind
                  in: path
                  required: true
                  schema: {type: string, enum: [agency, procedure, dossier, complaint]}
                - name: code
                  in: path
                  required: true
                  schema: {$ref: '#/components/schemas/Code'}
                  examples: [D-1]
              responses:
                '200':
                  description: The stream.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [stream, version, state, events]
                        properties:
                          stream: {type: string}
                          version: {type: integer, minimum: 1}
                          state:
                            oneOf:
                              - type: 'null'
                              - $ref: '#/components/schemas/Dossier'
                              - $ref: '#/components/schemas/Complaint'
                          events:
                            type: array
                            items: {$ref: '#/components/schemas/RecordedEvent'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/verify:
            get:
              operationId: verify
              summary: Recompute the hash chain and the Merkle tree of the whole log (auditor or admin).
              responses:
                '200':
                  description: The verdict; `intact` false names the first bad position.
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - type: object
                            required: [intact, events, head]
                            properties:
                              intact: {const: true}
                              events: {type: integer, minimum: 0}
                              head:
                                type: object
                                required: [position, hash, root]
                                properties:
                                  position: {type: integer, minimum: 0}
                                  hash: {type: string, pattern: '^[0-9a-f]{64}$'}
                                  root: {$ref: '#/components/schemas/Hash'}
                          - type: object
                            required: [intact, position, reason]
                            properties:
                              intact: {const: false}
                              position: {type: integer, minimum: 1}
                              reason: {type: string}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/kpi:
            get:
              operationId: getKPI
              summary: A KPI report (any token, or none with --public-kpi); the JSON of `motcua kpi --format json`.
              security:
                - bearer: []
                - {}
              parameters:
                - {$ref: '#/components/parameters/Period'}
                - {$ref: '#/components/parameters/Basis'}
                - {$ref: '#/components/parameters/By'}
                - {$ref: '#/components/parameters/Agency'}
                - {$ref: '#/components/parameters/AsOf'}
                - {$ref: '#/components/parameters/FoldSuccessors'}
              responses:
                '200':
                  description: The report (docs/kpi-report.md).
                  headers:
                    MotCua-Tree-Size:
                      description: The log state the report reflects, the tree of its first `position` events.
                      schema: {type: integer, minimum: 0}
                    MotCua-Tree-Root:
                      description: That tree's Merkle root, which a signed checkpoint of the same size names.
                      schema: {$ref: '#/components/schemas/Hash'}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/KPIReport'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/kpi/series:
            get:
              operationId: getKPISeries
              summary: >-
                The /v1/kpi report of each month from `from` to `to` (at most 36), for trend charts; any token, or
                none with --public-kpi.
              security:
                - bearer: []
                - {}
              parameters:
                - name: from
                  in: query
                  required: true
                  schema: {type: string, pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$'}
                  examples: [2025-01]
                - name: to
                  in: query
                  required: true
                  schema: {type: string, pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$'}
                  examples: [2025-12]
                - {$ref: '#/components/parameters/Basis'}
                - {$ref: '#/components/parameters/By'}
                - {$ref: '#/components/parameters/Agency'}
                - {$ref: '#/components/parameters/AsOf'}
                - {$ref: '#/components/parameters/FoldSuccessors'}
              responses:
                '200':
                  description: One report per month, in month order.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [from, to, basis, by, agency, reports]
                        properties:
                          from: {type: string}
                          to: {type: string}
                          basis: {type: string, enum: [report, calendar]}
                          by: {type: ['string', 'null']}
                          agency: {type: ['string', 'null']}
                          reports:
                            type: array
                            items: {$ref: '#/components/schemas/KPIReport'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/kpi/late:
            get:
              operationId: getLateList
              summary: >-
                The dossiers a report counts late or in process late, and the complaints it counts in process past
                their limit, most working days late first; any token, or none with --public-kpi.
              security:
                - bearer: []
                - {}
              parameters:
                - {$ref: '#/components/parameters/Period'}
                - {$ref: '#/components/parameters/Basis'}
                - {$ref: '#/components/parameters/Agency'}
                - {$ref: '#/components/parameters/AsOf'}
                - {$ref: '#/components/parameters/FoldSuccessors'}
                - name: limit
                  in: query
                  required: false
                  schema: {type: integer, minimum: 1, maximum: 5000, default: 500}
              responses:
                '200':
                  description: The lists, each with its full count.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [period, evaluatedAt, position, agency, dossiers, complaints]
                        properties:
                          period: {type: object}
                          evaluatedAt: {type: string}
                          position: {type: integer, minimum: 0}
                          agency: {type: ['string', 'null']}
                          dossiers:
                            type: object
                            required: [total, items]
                            properties:
                              total: {type: integer, minimum: 0}
                              items:
                                type: array
                                items:
                                  allOf:
                                    - {$ref: '#/components/schemas/Dossier'}
                                    - type: object
                                      required: [daysLate, apologies]
                                      properties:
                                        daysLate: {type: integer, minimum: 0}
                                        apologies: {type: integer, minimum: 0}
                          complaints:
                            type: object
                            required: [total, items]
                            properties:
                              total: {type: integer, minimum: 0}
                              items:
                                type: array
                                items:
                                  type: object
                                  required: [complaint, procedure, agency, receivedAt, status, deadline, daysLate]
                                  properties:
                                    complaint: {type: string}
                                    procedure: {type: ['string', 'null']}
                                    agency: {type: string}
                                    receivedAt: {type: string}
                                    status: {type: string, enum: [open, answered]}
                                    deadline: {type: string, format: date}
                                    daysLate: {type: integer, minimum: 0}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/scores:
            get:
              operationId: getScores
              summary: >-
                The Decision 766 score cards (reconstructed from the log) of the /v1/kpi report: per group and
                total, with the Portal's six tiles and the indicators' names; any token, or none with --public-kpi.
              security:
                - bearer: []
                - {}
              parameters:
                - {$ref: '#/components/parameters/Period'}
                - {$ref: '#/components/parameters/Basis'}
                - {$ref: '#/components/parameters/By'}
                - {$ref: '#/components/parameters/Agency'}
                - {$ref: '#/components/parameters/AsOf'}
                - {$ref: '#/components/parameters/FoldSuccessors'}
              responses:
                '200':
                  description: The score cards (docs/kpi-report.md, scores766).
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [period, evaluatedAt, position, by, tiles, names, reasons, groups, total]
                        properties:
                          period: {type: object}
                          evaluatedAt: {type: string}
                          position: {type: integer, minimum: 0}
                          by: {type: ['string', 'null']}
                          tiles:
                            type: array
                            items:
                              type: object
                              required: [tile, name, max, indicators]
                          names: {type: object}
                          reasons: {type: object}
                          groups:
                            type: array
                            items:
                              type: object
                              required: [scores766]
                              properties:
                                scores766: {$ref: '#/components/schemas/Scores766'}
                          total:
                            type: object
                            required: [scores766]
                            properties:
                              scores766: {$ref: '#/components/schemas/Scores766'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/catalogue:
            get:
              operationId: getCatalogue
              summary: Every registered agency and published procedure with its name; any token, or none with --public-kpi.
              security:
                - bearer: []
                - {}
              responses:
                '200':
                  description: The catalogue, by code.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [position, agencies, procedures]
                        properties:
                          position: {type: integer, minimum: 0}
                          agencies:
                            type: array
                            items:
                              type: object
                              required: [agency, name, level, parent, successor]
                              properties:
                                agency: {type: string}
                                name: {type: string}
                                level: {type: string, enum: [province, district, commune]}
                                parent: {type: ['string', 'null']}
                                successor: {type: ['string', 'null']}
                          procedures:
                            type: array
                            items:
                              type: object
                              required: [procedure, name, sector, field, timeLimitDays, repealed]
                              properties:
                                procedure: {type: string}
                                name: {type: string}
                                sector: {type: string}
                                field: {type: string}
                                timeLimitDays: {type: integer, minimum: 0}
                                repealed: {type: boolean}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/dossiers:
            get:
              operationId: listDossiers
              summary: Open dossiers past due now, earliest due first (center for its agencies, auditor, admin).
              parameters:
                - {$ref: '#/components/parameters/Agency'}
                - name: status
                  in: query
                  required: false
                  schema: {type: string, enum: [overdue], default: overdue}
              responses:
                '200':
                  description: The list.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [asOf, status, agency, dossiers]
                        properties:
                          asOf: {type: string}
                          status: {type: string}
                          agency: {type: ['string', 'null']}
                          dossiers:
                            type: array
                            items: {$ref: '#/components/schemas/Dossier'}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '403': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/checkpoint:
            get:
              operationId: getCheckpoint
              summary: >-
                The latest signed checkpoint of the log's Merkle tree: a C2SP signed note (origin, tree size, base64
                root hash, then the Ed25519 signature line); any token, or none with --public-kpi.
              security:
                - bearer: []
                - {}
              responses:
                '200':
                  description: The signed note.
                  content:
                    text/plain:
                      schema: {type: string}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '404': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/proofs/inclusion:
            get:
              operationId: getInclusionProof
              summary: >-
                The RFC 9162 §2.1.3 audit path of the event at `position` (leaf index position − 1) in the tree of
                the first `size` events; any token, or none with --public-kpi.
              security:
                - bearer: []
                - {}
              parameters:
                - name: position
                  in: query
                  required: true
                  schema: {type: integer, minimum: 1}
                - name: size
                  in: query
                  required: true
                  schema: {type: integer, minimum: 1}
              responses:
                '200':
                  description: The proof.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [position, size, hashes]
                        properties:
                          position: {type: integer, minimum: 1}
                          size: {type: integer, minimum: 1}
                          hashes: {type: array, items: {$ref: '#/components/schemas/Hash'}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /v1/proofs/consistency:
            get:
              operationId: getConsistencyProof
              summary: >-
                The RFC 9162 §2.1.4 proof that the tree of the first `from` events is a prefix of the tree of the
                first `to`; any token, or none with --public-kpi.
              security:
                - bearer: []
                - {}
              parameters:
                - name: from
                  in: query
                  required: true
                  schema: {type: integer, minimum: 0}
                - name: to
                  in: query
                  required: true
                  schema: {type: integer, minimum: 0}
              responses:
                '200':
                  description: The proof.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [from, to, hashes]
                        properties:
                          from: {type: integer, minimum: 0}
                          to: {type: integer, minimum: 0}
                          hashes: {type: array, items: {$ref: '#/components/schemas/Hash'}}
                '400': {$ref: '#/components/responses/Problem'}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /health:
            get:
              operationId: health
              summary: The store answers; how far the KPI projection lags behind the log.
              security: [{}]
              responses:
                '200':
                  description: Healthy.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status, head, projection, lag]
                        properties:
                          status: {const: ok}
                          head: {type: integer, minimum: 0}
                          projection: {type: integer, minimum: 0}
                          lag: {type: integer, minimum: 0}
                '503': {$ref: '#/components/responses/Problem'}
          /metrics:
            get:
              operationId: metrics
              summary: Prometheus text (any token, or none with --public-kpi).
              security:
                - bearer: []
                - {}
              responses:
                '200':
                  description: Metrics in the Prometheus text format 0.0.4.
                  content:
                    text/plain:
                      schema: {type: string}
                '401': {$ref: '#/components/responses/Problem'}
                '429': {$ref: '#/components/responses/Problem'}
                '503': {$ref: '#/components/responses/Problem'}
          /openapi.yaml:
            get:
              operationId: openAPI
              summary: This document.
              security: [{}]
              responses:
                '200':
                  description: OpenAPI 3.1.
                  content:
                    application/yaml:
                      schema: {type: string}
          /:
            get:
              operationId: dashboard
              summary: >-
                The dashboard (HTML; its data comes from /v1/kpi, /v1/kpi/series, /v1/kpi/late and /v1/catalogue; any
                query string, which names the view).
              security: [{}]
              responses:
                '200':
                  description: The dashboard page.
                  content:
                    text/html:
                      schema: {type: string}
          /dashboard/{file}:
            get:
              operationId: dashboardFile
              summary: The dashboard's script and style sheet (dashboard.js, dashboard.css).
              security: [{}]
              parameters:
                - name: file
                  in: path
                  required: true
                  schema: {type: string}
              responses:
                '200':
                  description: The file.
                  content:
                    text/javascript:
                      schema: {type: string}
                    text/css:
                      schema: {type: string}
                    text/html:
                      schema: {type: string}
                '404': {$ref: '#/components/responses/Problem'}
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
              description: >-
                A token made by `motcua token create`; only its SHA-256 is stored. One past its expiry is answered
                401 `token-expired`.
          parameters:
            Period:
              name: period
              in: query
              required: true
              description: 2025-Q1, 2025-H1, 2025-9M, 2025, 2025-03 or 2025-01-01..2025-03-31.
              schema:
                type: string
                pattern: '^[0-9]{4}(-(Q[1-4]|H[12]|9M|0[1-9]|1[0-2])|-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2})?$'
              examples: [2025-Q1]
            Basis:
              name: basis
              in: query
              required: false
              schema: {type: string, enum: [report, calendar], default: report}
            By:
              name: by
              in: query
              required: false
              schema: {type: string, enum: [agency, sector, field, level, procedure]}
            Agency:
              name: agency
              in: query
              required: false
              schema: {$ref: '#/components/schemas/Code'}
            AsOf:
              name: asOf
              in: query
              required: false
              description: A date (end of that day, Vietnam time) or an RFC 3339 timestamp with offset.
              schema: {type: string}
            FoldSuccessors:
              name: foldSuccessors
              in: query
              required: false
              schema: {type: boolean, default: false}
          responses:
            Problem:
              description: An RFC 9457 problem.
              content:
                application/problem+json:
                  schema: {$ref: '#/components/schemas/Problem'}
          schemas:
            Hash:
              description: A SHA-256 hash of the log's Merkle tree, in standard base64.
              type: string
              pattern: '^[A-Za-z0-9+/]{43}=$'
            Code:
              type: string
              pattern: '^[A-Za-z0-9._-]{1,64}$'
            Problem:
              type: object
              required: [type, title, status, detail]
              properties:
                type: {type: string, format: uri}
                title: {type: string}
                status: {type: integer}
                detail: {type: string}
                index: {type: integer, minimum: 0, description: The failing event's index in the batch.}
                id: {type: string, description: The failing event's id.}
                field: {type: string, description: The field or parameter at fault.}
                rule: {type: string, description: The stable rule code (DOMAIN.md), e.g. notAllowed.}
            Event:
              description: An interchange event (DESIGN.md); one schema per `type`, with its `data` (DOMAIN.md §2).
              oneOf:
                - {$ref: '#/components/schemas/AgencyRegistered'}
                - {$ref: '#/components/schemas/AgencySucceeded'}
                - {$ref: '#/components/schemas/ProcedurePublished'}
                - {$ref: '#/components/schemas/OnlineServiceChanged'}
                - {$ref: '#/components/schemas/ProcedureRepealed'}
                - {$ref: '#/components/schemas/DossierReceived'}
                - {$ref: '#/components/schemas/ComponentsDigitized'}
                - {$ref: '#/components/schemas/SupplementRequested'}
                - {$ref: '#/components/schemas/SupplementProvided'}
                - {$ref: '#/components/schemas/DossierTransferred'}
                - {$ref: '#/components/schemas/ApologyIssued'}
                - {$ref: '#/components/schemas/DossierProcessed'}
                - {$ref: '#/components/schemas/ResultDigitized'}
                - {$ref: '#/components/schemas/ResultReturned'}
                - {$ref: '#/components/schemas/DossierWithdrawn'}
                - {$ref: '#/components/schemas/DossierStopped'}
                - {$ref: '#/components/schemas/DossierRated'}
                - {$ref: '#/components/schemas/ComplaintReceived'}
                - {$ref: '#/components/schemas/ComplaintTransferred'}
                - {$ref: '#/components/schemas/ComplaintRejected'}
                - {$ref: '#/components/schemas/ComplaintAnswered'}
                - {$ref: '#/components/schemas/ComplaintPublished'}
              discriminator: {propertyName: type}
            Instant:
              type: string
              format: date-time
              description: >-
                RFC 3339 with an offset (`Z` or ±HH:MM), any number of fraction digits; the instant must lie in the
                local (UTC+7) years 2000–2099 (DOMAIN.md §2), so the written year is 1999–2100 at the most.
              pattern: '^(1999|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'
            Date:
              type: string
              format: date
              description: YYYY-MM-DD in the years 2000–2099.
              pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
            AgencyRegistered:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: AgencyRegistered}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [agency, name, level]
                  additionalProperties: false
                  properties:
                    agency: {$ref: '#/components/schemas/Code'}
                    name: {type: string, minLength: 1, description: 'Free text, not blank, at most 500 characters.'}
                    level: {type: string, enum: [province, district, commune]}
                    parent: {anyOf: [{$ref: '#/components/schemas/Code'}, {type: 'null'}]}
            AgencySucceeded:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: AgencySucceeded}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [agency, successor, effective]
                  additionalProperties: false
                  properties:
                    agency: {$ref: '#/components/schemas/Code'}
                    successor: {$ref: '#/components/schemas/Code'}
                    effective: {$ref: '#/components/schemas/Date'}
            ProcedurePublished:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ProcedurePublished}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [procedure, name, sector, field, timeLimitDays, writtenResult, fullOnlineEligible]
                  additionalProperties: false
                  properties:
                    procedure: {$ref: '#/components/schemas/Code'}
                    name: {type: string, minLength: 1, description: 'Free text, not blank, at most 500 characters.'}
                    sector: {$ref: '#/components/schemas/Code'}
                    field: {$ref: '#/components/schemas/Code'}
                    timeLimitDays: {type: integer, minimum: 0, maximum: 3650}
                    writtenResult: {type: boolean}
                    fullOnlineEligible: {type: boolean}
            OnlineServiceChanged:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: OnlineServiceChanged}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [procedure, service]
                  additionalProperties: false
                  properties:
                    procedure: {$ref: '#/components/schemas/Code'}
                    service: {type: string, enum: [none, partial, full]}
            ProcedureRepealed:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ProcedureRepealed}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [procedure]
                  additionalProperties: false
                  properties:
                    procedure: {$ref: '#/components/schemas/Code'}
            DossierReceived:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: DossierReceived}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, procedure, agency, channel, applicant]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    procedure: {$ref: '#/components/schemas/Code'}
                    agency: {$ref: '#/components/schemas/Code'}
                    channel: {type: string, enum: [direct, online, postal]}
                    dueAt: {anyOf: [{$ref: '#/components/schemas/Instant'}, {type: 'null'}]}
                    submittedAt: {anyOf: [{$ref: '#/components/schemas/Instant'}, {type: 'null'}]}
                    applicant: {type: string, enum: [citizen, enterprise, household]}
            ComponentsDigitized:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ComponentsDigitized}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, documents, reused]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    documents: {type: integer, minimum: 1, maximum: 1000000}
                    reused: {type: integer, minimum: 0, maximum: 1000000}
            SupplementRequested:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: SupplementRequested}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
            SupplementProvided:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: SupplementProvided}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
            DossierTransferred:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: DossierTransferred}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, toAgency]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    toAgency: {$ref: '#/components/schemas/Code'}
            ApologyIssued:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ApologyIssued}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, newDueAt]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    newDueAt: {$ref: '#/components/schemas/Instant'}
            DossierProcessed:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: DossierProcessed}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, outcome, electronicResult]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    outcome: {type: string, enum: [approved, denied]}
                    electronicResult: {type: boolean}
            ResultDigitized:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ResultDigitized}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
            ResultReturned:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ResultReturned}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, channel]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    channel: {type: string, enum: [direct, online, postal]}
            DossierWithdrawn:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: DossierWithdrawn}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
            DossierStopped:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: DossierStopped}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, reason]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    reason: {type: string, minLength: 1, description: 'Free text, not blank, at most 1000 characters.'}
            DossierRated:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: DossierRated}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [dossier, satisfied]
                  additionalProperties: false
                  properties:
                    dossier: {$ref: '#/components/schemas/Code'}
                    satisfied: {type: boolean}
            ComplaintReceived:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ComplaintReceived}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [complaint, agency, channel, category]
                  additionalProperties: false
                  properties:
                    complaint: {$ref: '#/components/schemas/Code'}
                    agency: {$ref: '#/components/schemas/Code'}
                    channel: {type: string, enum: [portal, ihanoi, hotline, email, direct, post]}
                    category: {type: string, enum: [regulation, conduct, other]}
                    procedure: {anyOf: [{$ref: '#/components/schemas/Code'}, {type: 'null'}]}
                    dossier: {anyOf: [{$ref: '#/components/schemas/Code'}, {type: 'null'}]}
            ComplaintTransferred:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ComplaintTransferred}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [complaint, toAgency]
                  additionalProperties: false
                  properties:
                    complaint: {$ref: '#/components/schemas/Code'}
                    toAgency: {$ref: '#/components/schemas/Code'}
            ComplaintRejected:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ComplaintRejected}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [complaint, reason]
                  additionalProperties: false
                  properties:
                    complaint: {$ref: '#/components/schemas/Code'}
                    reason: {type: string, minLength: 1, description: 'Free text, not blank, at most 1000 characters.'}
            ComplaintAnswered:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ComplaintAnswered}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [complaint]
                  additionalProperties: false
                  properties:
                    complaint: {$ref: '#/components/schemas/Code'}
            ComplaintPublished:
              type: object
              required: [id, type, occurredAt, data]
              additionalProperties: false
              properties:
                id: {type: string, format: uuid}
                type: {type: string, const: ComplaintPublished}
                occurredAt: {$ref: '#/components/schemas/Instant'}
                data:
                  type: object
                  required: [complaint, channel]
                  additionalProperties: false
                  properties:
                    complaint: {$ref: '#/components/schemas/Code'}
                    channel: {type: string, enum: [portal, ihanoi, media, letter]}
            RecordedEvent:
              type: object
              description: The recorded form (docs/hash-chain.md), one line of `motcua export`.
              required: [position, stream, version, recordedAt, id, type, occurredAt, data, hash]
              properties:
                position: {type: integer, minimum: 1}
                stream: {type: string}
                version: {type: integer, minimum: 1}
                recordedAt: {type: string}
                id: {type: string, format: uuid}
                type: {type: string}
                occurredAt: {type: string}
                data: {type: object}
                hash: {type: string, pattern: '^[0-9a-f]{64}$'}
            AppendResults:
              type: object
              required: [events]
              properties:
                events:
                  type: array
                  items:
                    type: object
                    required: [index, id, position, stream, version, alreadyPresent]
                    properties:
                      index: {type: integer, minimum: 0}
                      id: {type: string}
                      position: {type: integer, minimum: 1}
                      stream: {type: string}
                      version: {type: integer, minimum: 1}
                      alreadyPresent: {type: boolean}
            Dossier:
              type: object
              required: [dossier, procedure, agency, status, receivedAt, due, endedAt, supplements, timeliness, overdue]
              properties:
                dossier: {type: string}
                procedure: {type: string}
                agency: {type: string}
                status: {type: string, enum: [open, waiting, processed, withdrawn, stopped]}
                receivedAt: {type: string}
                due: {type: string}
                endedAt: {type: ['string', 'null']}
                supplements: {type: integer, minimum: 0}
                timeliness: {type: string, enum: [early, onTime, late]}
                overdue: {type: boolean}
            Complaint:
              type: object
              required: [complaint, agency, status, receivedAt]
              properties:
                complaint: {type: string}
                agency: {type: string}
                status: {type: string, enum: [open, answered, rejected, published]}
                receivedAt: {type: string}
            Scores766:
              type: object
              required: [label, indicators, points, computableMax, max]
              properties:
                label: {const: reconstruction}
                indicators:
                  type: object
                  additionalProperties:
                    type: object
                    required: [max, ratio, points]
                    properties:
                      max: {type: integer}
                      ratio: {type: ['number', 'null']}
                      points: {type: ['number', 'null']}
                      reason: {type: string}
                points: {type: number}
                computableMax: {const: 56}
                max: {const: 100}
            KPIReport:
              type: object
              required: [period, evaluatedAt, position, calendarVersion, knownAt, by, groups, total]
              properties:
                period:
                  type: object
                  required: [label, basis, from, to]
                  properties:
                    label: {type: string}
                    basis: {type: string, enum: [report, calendar]}
                    from: {type: string, format: date}
                    to: {type: string, format: date}
                evaluatedAt: {type: string}
                position: {type: integer, minimum: 0}
                calendarVersion: {type: string}
                knownAt: {type: ['string', 'null']}
                by: {type: ['string', 'null'], enum: [agency, sector, field, level, procedure, null]}
                groups:
                  type: array
                  items:
                    type: object
                    required: [counts, rates, targets, scores766]
                    properties:
                      scores766: {$ref: '#/components/schemas/Scores766'}
                total:
                  type: object
                  required: [counts, rates, targets, scores766]
                  properties:
                    scores766: {$ref: '#/components/schemas/Scores766'}
        """#
}
