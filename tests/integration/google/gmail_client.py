"""The real Gmail client pointed at a stand-in, as the Gmail tests build it."""

import httplib2
from googleapiclient.discovery import Resource, build


def gmail_client(url: str) -> Resource:
    """A `gmail` v1 Resource on an unauthenticated connection to the stand-in at `url`. The
    discovery doc's method paths start with gmail/v1/, so the endpoint is the bare base URL."""
    return build("gmail", "v1", http=httplib2.Http(), static_discovery=True,
                 client_options={"api_endpoint": url + "/"})
