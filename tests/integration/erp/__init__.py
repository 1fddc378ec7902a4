"""ERP connectors through their real client transports against protocol-faithful stand-ins."""
