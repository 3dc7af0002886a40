#!/usr/bin/env python3
"""A uniform synthetic event log for benchmarks: `python3 docs/bench/make-log.py N > log.ndjson`.

One agency, one procedure, then dossiers of five events each (received, components digitized,
supplement requested and provided, processed), deterministic (seeded). Valid by every rule, so that
`motcua import` appends all of it.
"""
import sys, uuid, random
n=int(sys.argv[1]); random.seed(1)
out=sys.stdout
def ev(t,at,data):
    out.write('{"id":"%s","type":"%s","occurredAt":"%s","data":{%s}}\n'%(uuid.UUID(int=random.getrandbits(128)),t,at,data))
ev("AgencyRegistered","2025-01-02T08:00:00+07:00",'"agency":"A1","name":"Sở","level":"province"')
ev("ProcedurePublished","2025-01-02T08:00:00+07:00",'"procedure":"P1","name":"X","sector":"TP","field":"F","timeLimitDays":10,"writtenResult":true,"fullOnlineEligible":true')
i=0; count=2
while count<n:
    i+=1; d="000.20.31.H26-250124-%07d"%i
    ev("DossierReceived","2025-01-24T10:00:00+07:00",'"dossier":"%s","procedure":"P1","agency":"A1","channel":"online","applicant":"citizen"'%d)
    ev("ComponentsDigitized","2025-01-24T11:00:00+07:00",'"dossier":"%s","documents":3,"reused":1'%d)
    ev("SupplementRequested","2025-01-24T15:00:00+07:00",'"dossier":"%s"'%d)
    ev("SupplementProvided","2025-02-03T09:00:00+07:00",'"dossier":"%s"'%d)
    ev("DossierProcessed","2025-02-05T16:00:00+07:00",'"dossier":"%s","outcome":"approved","electronicResult":true'%d)
    count+=5
