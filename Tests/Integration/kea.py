#!/usr/bin/env python3
"""Helpers for the Kea suite.
  kea.py state PORT                 the HA state this node's kea-dhcp4 reports (ha-heartbeat sent
                                    through the control agent on 127.0.0.1:PORT)
  kea.py pool-class CONFIG ADDRESS  the client class of the pool of kea-dhcp4.conf CONFIG that
                                    holds ADDRESS ("none" when no pool does)
"""
import ipaddress, json, sys, urllib.request

if sys.argv[1] == "state":
    body = json.dumps({"command": "ha-heartbeat", "service": ["dhcp4"]}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[2]}/", data=body, headers={"Content-Type": "application/json"})
    try:
        answer = json.load(urllib.request.urlopen(request, timeout=3))
        print(answer[0].get("arguments", {}).get("state", "unknown"))
    except Exception as error:  # an agent or server that does not answer
        print(f"unreachable ({error})")
elif sys.argv[1] == "pool-class":
    text = "\n".join(line for line in open(sys.argv[2]) if not line.lstrip().startswith("//"))
    address = ipaddress.ip_address(sys.argv[3])
    for network in json.loads(text)["Dhcp4"]["shared-networks"]:
        for subnet in network["subnet4"]:
            for pool in subnet.get("pools", []):
                first, last = (ipaddress.ip_address(part.strip()) for part in pool["pool"].split("-"))
                if first <= address <= last:
                    print(pool.get("client-class", "")); sys.exit(0)
    print("none")
