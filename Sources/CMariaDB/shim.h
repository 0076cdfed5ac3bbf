// The MariaDB Connector/C client API (Debian: libmariadb-dev, found through pkg-config).
#include <mysql.h>
