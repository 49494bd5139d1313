"""The emulator's HTTP side: WSGI apps served by waitress.

* :mod:`.rekognition` -- Rekognition's JSON 1.1 protocol as a WSGI app (method, path,
  ``Content-Type``, body limit, one log line per request);
* :mod:`.dispatch` -- one endpoint for Rekognition and (optionally) moto's S3/SNS/SQS, with
  optional SigV4 verification;
* :mod:`.waitress_server` -- waitress with AWS-style JSON answers for malformed HTTP and
  injected dropped connections.
"""
