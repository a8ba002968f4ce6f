import { main } from "@yibao/kit";
import { service } from "./service.ts";

if (import.meta.main) await main(service);
