-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `cmts` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `updated_at` timestamp NULL DEFAULT NULL,
  `deleted_at` timestamp NULL DEFAULT NULL,
  `hostname` varchar(191) NOT NULL,
  `type` varchar(191) NOT NULL,
  `ip` varchar(191) NOT NULL,
  `company` varchar(191) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
LOCK TABLES `cmts` WRITE;
INSERT INTO `cmts` VALUES (1,'2019-06-01 00:00:00',NULL,'cmts-a','ubr10k','172.20.1.2','Cisco'),(2,'2019-06-01 00:00:00',NULL,'cmts-b','C100G','172.20.1.3','Casa');
UNLOCK TABLES;
CREATE TABLE `ippool` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `updated_at` timestamp NULL DEFAULT NULL,
  `deleted_at` timestamp NULL DEFAULT NULL,
  `cmts_id` int(10) unsigned NOT NULL,
  `type` enum('CM','CPEPub','CPEPriv','MTA','STB') NOT NULL,
  `net` varchar(191) NOT NULL,
  `netmask` varchar(191) NOT NULL,
  `ip_pool_start` varchar(191) NOT NULL,
  `ip_pool_end` varchar(191) NOT NULL,
  `router_ip` varchar(191) NOT NULL,
  `broadcast_ip` varchar(191) NOT NULL,
  `dns1_ip` varchar(191) NOT NULL,
  `dns2_ip` varchar(191) NOT NULL,
  `dns3_ip` varchar(191) NOT NULL,
  `optional` text NOT NULL,
  `active` tinyint(1) NOT NULL DEFAULT 1,
  `version` varchar(191) DEFAULT '4',
  `prefix` varchar(191) DEFAULT NULL,
  `prefix_len` varchar(191) DEFAULT NULL,
  `delegated_len` varchar(191) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `ippool` VALUES
(1,NULL,NULL,1,'CM','10.0.16.0','255.255.240.0','10.0.16.10','10.0.31.254','10.0.16.1','10.0.31.255','','','','',1,'4',NULL,NULL,NULL),
(2,NULL,NULL,1,'CPEPub','198.18.0.64','255.255.255.192','198.18.0.66','198.18.0.126','198.18.0.65','198.18.0.127','','','','',1,'4',NULL,NULL,NULL),
(3,NULL,NULL,2,'CM','10.0.32.0','255.255.240.0','10.0.32.10','10.0.47.254','10.0.32.1','10.0.47.255','','','','',1,'4',NULL,NULL,NULL),
(10,NULL,NULL,1,'CPEPub','2001:db8:10::/64','','2001:db8:10::100','2001:db8:10::1ff','2001:db8:10::1','','','','','',1,'6','2001:db8:1000::','/48','/56'),
(11,NULL,NULL,1,'CPEPub','2001:db8:20::5/64','','','','','','','','','',1,'6','2001:db8:2000::','/48','/48'),
(12,NULL,NULL,2,'CPEPub','2001:db8:30::/64','','2001:db8:30::100','2001:db8:30::1ff','','','','','','',1,'6','2001:db8:1000:100::','/56','/60'),
(13,NULL,NULL,2,'CPEPub','2001:db8:10::/64','','','','','','','','','',1,'6','2001:db8:4000::','/48','/56'),
(14,NULL,NULL,2,'CPEPub','2001:db8:30::/64','','2001:db8:30::180','2001:db8:30::2ff','','','','','','"rapid-commit": tru',1,'6',NULL,NULL,NULL),
(15,NULL,NULL,1,'CPEPub','2001:db8:50::/64','','2001:db8:51::100','2001:db8:51::1ff','','','','','','',1,'6',NULL,NULL,NULL);
CREATE TABLE `modem` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `updated_at` timestamp NULL DEFAULT NULL,
  `deleted_at` timestamp NULL DEFAULT NULL,
  `hostname` varchar(191) NOT NULL,
  `mac` varchar(17) NOT NULL,
  `public` tinyint(1) NOT NULL,
  `internet_access` tinyint(1) NOT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `modem` VALUES (1,NULL,NULL,'cm-1','00:1b:00:00:00:01',0,1),(2,NULL,NULL,'cm-2','00:1b:00:00:00:02',1,1);
CREATE TABLE `mta` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `updated_at` timestamp NULL DEFAULT NULL,
  `deleted_at` timestamp NULL DEFAULT NULL,
  `modem_id` int(10) unsigned NOT NULL DEFAULT 1,
  `mac` varchar(17) NOT NULL,
  `hostname` varchar(191) NOT NULL,
  `is_dummy` tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
);
INSERT INTO `mta` VALUES (1,NULL,NULL,2,'00:1c:00:00:00:02','mta-1',0);
CREATE TABLE `endpoint` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `updated_at` timestamp NULL DEFAULT NULL,
  `deleted_at` timestamp NULL DEFAULT NULL,
  `hostname` varchar(63) NOT NULL,
  `mac` varchar(17) DEFAULT NULL,
  `fixed_ip` tinyint(1) DEFAULT NULL,
  `modem_id` int(10) unsigned DEFAULT NULL,
  `ip` varchar(191) DEFAULT NULL,
  `prefix` varchar(191) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `endpoint` VALUES (1,NULL,NULL,'cpe-fixed-1','00:1d:00:00:00:02',1,2,'198.18.0.88',NULL),(20,NULL,NULL,'cpe-v6-a','00:1d:00:00:06:01',1,2,'2001:db8:30::42',NULL),(21,NULL,NULL,'cpe-v6-b','00:1d:00:00:06:02',1,2,'2001:db8:30::42',NULL),(22,NULL,NULL,'cpe-v6-c','00:1d:00:00:06:03',0,2,NULL,'2001:db8:1000:1::/64');
CREATE TABLE `provbase` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `updated_at` timestamp NULL DEFAULT NULL,
  `deleted_at` timestamp NULL DEFAULT NULL,
  `domain_name` varchar(191) NOT NULL,
  `dhcp_def_lease_time` int(10) unsigned NOT NULL,
  `dhcp_max_lease_time` int(10) unsigned NOT NULL,
  `max_cpe` smallint(6) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `provbase` VALUES (1,NULL,NULL,'nmsprime.test',86400,172800,4);
-- Dump completed
