import { createContext, useContext } from "react";

/** True inside the "Capability config" section of a client's Settings tab (see install.tsx). */
export const ClientSettingsCapabilities = createContext(false);

export const useInClientSettings = () => useContext(ClientSettingsCapabilities);
